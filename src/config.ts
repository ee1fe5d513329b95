import { parseArgs } from 'node:util';
import { parseDuration } from './engine/duration.js';
import { findScenario, scenarioNames } from './scenarios/index.js';
import { parseApiKeys } from './simulator.js';
import type { ActivationMode } from './store/types.js';

/** One typed, validated configuration. Built by a pure function: defaults < env < flags. */
export interface Config {
  port: number;
  host: string;
  /** Undefined: http://localhost:<the port actually bound>. */
  publicUrl: string | undefined;
  seed: string | undefined;
  scenario: string;
  activationDelay: number;
  activationMode: ActivationMode;
  apiKeys: string[];
  adminToken: string | undefined;
  noControlPlane: boolean;
  webhookUrls: string[];
  webhookSecret: string | undefined;
  stateFile: string | undefined;
  stateInterval: number;
  conflictStatus: 409 | 422;
  logFormat: 'text' | 'json';
  logLevel: 'silent' | 'info';
}

type Kind = 'string' | 'boolean' | 'list';

export interface OptionSpec {
  key: keyof Config;
  flag: string;
  env: string[];
  kind: Kind;
  value?: string;
  description: string;
  default: string;
}

/** Every option, with the one description shared by `--help` and the README. */
export const OPTIONS: OptionSpec[] = [
  {
    key: 'port',
    flag: 'port',
    env: ['PORT', 'GIGS_MOCK_PORT'],
    kind: 'string',
    value: 'n',
    default: '4020',
    description: 'Port to listen on.',
  },
  {
    key: 'host',
    flag: 'host',
    env: ['GIGS_MOCK_HOST'],
    kind: 'string',
    value: 'addr',
    default: '127.0.0.1',
    description: 'Address to listen on (0.0.0.0 for all interfaces, as in Docker).',
  },
  {
    key: 'publicUrl',
    flag: 'public-url',
    env: ['GIGS_MOCK_PUBLIC_URL'],
    kind: 'string',
    value: 'url',
    default: 'http://localhost:<port>',
    description: 'Base URL clients reach the simulator at; used in QR code links.',
  },
  {
    key: 'seed',
    flag: 'seed',
    env: ['GIGS_MOCK_SEED'],
    kind: 'string',
    value: 'seed',
    default: 'random',
    description: 'Seed that makes ids, phone numbers and ICCIDs reproducible.',
  },
  {
    key: 'scenario',
    flag: 'scenario',
    env: ['GIGS_MOCK_SCENARIO'],
    kind: 'string',
    value: 'name',
    default: 'default',
    description: 'Scenario each project starts with (see `gigs-mock scenarios`).',
  },
  {
    key: 'activationDelay',
    flag: 'activation-delay',
    env: ['GIGS_MOCK_ACTIVATION_DELAY'],
    kind: 'string',
    value: 'duration',
    default: '5s',
    description: 'How long a new subscription stays pending: 0, 500ms, 5s, 2m.',
  },
  {
    key: 'activationMode',
    flag: 'activation-mode',
    env: ['GIGS_MOCK_ACTIVATION_MODE'],
    kind: 'string',
    value: 'mode',
    default: 'delay',
    description: 'delay (after --activation-delay), immediate, or manual (control plane).',
  },
  {
    key: 'apiKeys',
    flag: 'api-key',
    env: ['GIGS_MOCK_API_KEYS'],
    kind: 'list',
    value: 'project:key',
    default: 'none (open mode)',
    description: 'Strict mode: accept only these keys, each for its project. Repeatable; env is comma-separated.',
  },
  {
    key: 'adminToken',
    flag: 'admin-token',
    env: ['GIGS_MOCK_ADMIN_TOKEN'],
    kind: 'string',
    value: 'token',
    default: 'none',
    description: 'Require this bearer token on the control plane (/__mock/*, except health).',
  },
  {
    key: 'noControlPlane',
    flag: 'no-control-plane',
    env: ['GIGS_MOCK_NO_CONTROL_PLANE'],
    kind: 'boolean',
    default: 'off',
    description: 'Turn off /__mock/* (404; health stays) and the x-gigs-mock-* headers, for shared deployments.',
  },
  {
    key: 'webhookUrls',
    flag: 'webhook-url',
    env: ['GIGS_MOCK_WEBHOOK_URLS'],
    kind: 'list',
    value: 'url',
    default: 'none',
    description: 'Send every event, signed, to this URL. Repeatable; env is comma-separated.',
  },
  {
    key: 'webhookSecret',
    flag: 'webhook-secret',
    env: ['GIGS_MOCK_WEBHOOK_SECRET'],
    kind: 'string',
    value: 'whsec_…',
    default: 'generated, printed at start',
    description: 'Standard Webhooks signing secret (whsec_ + base64), as Svix issues them.',
  },
  {
    key: 'stateFile',
    flag: 'state-file',
    env: ['GIGS_MOCK_STATE_FILE'],
    kind: 'string',
    value: 'path',
    default: 'none (memory only)',
    description: 'Load state from this JSON file at start; save it when changed and on shutdown (atomic writes).',
  },
  {
    key: 'stateInterval',
    flag: 'state-interval',
    env: ['GIGS_MOCK_STATE_INTERVAL'],
    kind: 'string',
    value: 'duration',
    default: '2s',
    description: 'How often --state-file is saved when the state changed.',
  },
  {
    key: 'conflictStatus',
    flag: 'conflict-status',
    env: ['GIGS_MOCK_CONFLICT_STATUS'],
    kind: 'string',
    value: 'status',
    default: '422',
    description: 'HTTP status of duplicate/in-use errors (userAlreadyExists, simAlreadyUsed): 422 or 409.',
  },
  {
    key: 'logFormat',
    flag: 'log-format',
    env: ['GIGS_MOCK_LOG_FORMAT'],
    kind: 'string',
    value: 'format',
    default: 'text',
    description: 'Request log format, one line per request: text or json.',
  },
  {
    key: 'logLevel',
    flag: 'log-level',
    env: ['GIGS_MOCK_LOG_LEVEL'],
    kind: 'string',
    value: 'level',
    default: 'info',
    description: 'info logs every request; silent logs only start-up and errors.',
  },
];

export class ConfigError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ParsedCommand {
  command: 'serve' | 'scenarios' | 'help' | 'version';
  config: Config;
}

/** Parses argv (without node and script) and env into a command and a validated config. */
export function loadConfig(env: Record<string, string | undefined>, argv: string[]): ParsedCommand {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        ...Object.fromEntries(
          OPTIONS.map((o) => [
            o.flag,
            o.kind === 'list'
              ? { type: 'string' as const, multiple: true }
              : { type: o.kind === 'boolean' ? ('boolean' as const) : ('string' as const) },
          ]),
        ),
      },
    });
  } catch (err) {
    const message = err instanceof Error ? (err.message.split('\n')[0] ?? String(err)) : String(err);
    throw new ConfigError('arguments', message);
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const [first, ...rest] = parsed.positionals;
  if (rest.length > 0) throw new ConfigError('arguments', `unexpected argument "${rest[0]}"`);
  let command: ParsedCommand['command'] = 'serve';
  if (first === 'scenarios') command = 'scenarios';
  else if (first !== undefined && first !== 'serve')
    throw new ConfigError('command', `unknown command "${first}" (use serve or scenarios)`);
  if (values.help) command = 'help';
  else if (values.version) command = 'version';

  const raw = (spec: OptionSpec): string | string[] | undefined => {
    const flag = values[spec.flag];
    if (typeof flag === 'boolean') return flag ? 'true' : 'false';
    if (flag !== undefined) return flag;
    for (const name of spec.env) {
      const fromEnv = env[name];
      if (fromEnv !== undefined && fromEnv !== '') return spec.kind === 'list' ? fromEnv.split(',') : fromEnv;
    }
    return undefined;
  };
  const str = (key: keyof Config): string | undefined => {
    const spec = OPTIONS.find((o) => o.key === key) as OptionSpec;
    const value = raw(spec);
    return Array.isArray(value) ? value.join(',') : value;
  };
  const fail = (key: keyof Config, message: string): never => {
    const spec = OPTIONS.find((o) => o.key === key) as OptionSpec;
    throw new ConfigError(`--${spec.flag}`, `--${spec.flag} (${spec.env.join(' or ')}): ${message}`);
  };
  const oneOf = <T extends string>(key: keyof Config, allowed: readonly T[], fallback: T): T => {
    const value = str(key) ?? fallback;
    if (!allowed.includes(value as T)) fail(key, `must be one of ${allowed.join(', ')}, got "${value}"`);
    return value as T;
  };

  const portText = str('port') ?? '4020';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) fail('port', `must be a port number from 0 to 65535, got "${portText}"`);
  const host = str('host') ?? '127.0.0.1';
  const publicUrl = str('publicUrl');
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(publicUrl))
    fail('publicUrl', `must be an http(s) URL, got "${publicUrl}"`);
  const scenario = str('scenario') ?? 'default';
  if (!findScenario(scenario)) fail('scenario', `unknown scenario "${scenario}" (known: ${scenarioNames().join(', ')})`);
  const delayText = str('activationDelay') ?? '5s';
  const activationDelay = parseDuration(delayText);
  if (activationDelay === undefined) fail('activationDelay', `must be a duration such as 0, 500ms, 5s or 2m, got "${delayText}"`);
  const apiKeysRaw = raw(OPTIONS.find((o) => o.key === 'apiKeys') as OptionSpec);
  const apiKeys = (Array.isArray(apiKeysRaw) ? apiKeysRaw : apiKeysRaw ? [apiKeysRaw] : []).map((k) => k.trim()).filter(Boolean);
  const urlsRaw = raw(OPTIONS.find((o) => o.key === 'webhookUrls') as OptionSpec);
  const webhookUrls = (Array.isArray(urlsRaw) ? urlsRaw : urlsRaw ? [urlsRaw] : []).map((u) => u.trim()).filter(Boolean);
  for (const url of webhookUrls) {
    if (!/^https?:\/\/[^\s/]+/.test(url)) fail('webhookUrls', `must be an http(s) URL, got "${url}"`);
  }
  const webhookSecret = str('webhookSecret');
  if (webhookSecret !== undefined && !/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/.test(webhookSecret)) {
    fail('webhookSecret', 'must be whsec_ followed by base64 (at least 12 bytes)');
  }
  const intervalText = str('stateInterval') ?? '2s';
  const stateInterval = parseDuration(intervalText);
  if (stateInterval === undefined || stateInterval < 50)
    fail('stateInterval', `must be a duration of at least 50ms, got "${intervalText}"`);
  try {
    parseApiKeys(apiKeys);
  } catch (err) {
    fail('apiKeys', (err as Error).message);
  }
  return {
    command,
    config: {
      port,
      host,
      publicUrl: publicUrl?.replace(/\/+$/, ''),
      seed: str('seed'),
      scenario,
      activationDelay: activationDelay as number,
      activationMode: oneOf('activationMode', ['delay', 'immediate', 'manual'] as const, 'delay'),
      apiKeys,
      adminToken: str('adminToken'),
      webhookUrls,
      webhookSecret,
      stateFile: str('stateFile'),
      stateInterval: stateInterval as number,
      noControlPlane: ['true', '1', 'yes'].includes(
        oneOf('noControlPlane', ['true', 'false', '1', '0', 'yes', 'no'] as const, 'false'),
      ),
      conflictStatus: Number(oneOf('conflictStatus', ['422', '409'] as const, '422')) as 409 | 422,
      logFormat: oneOf('logFormat', ['text', 'json'] as const, 'text'),
      logLevel: oneOf('logLevel', ['silent', 'info'] as const, 'info'),
    },
  };
}

/** The README's configuration table, one row per option (a test keeps the README in step). */
export function optionsTable(): string {
  const rows = OPTIONS.map(
    (o) =>
      `| \`--${o.flag}${o.value ? ` <${o.value}>` : ''}\` | ${o.env.map((e) => `\`${e}\``).join(', ')} | ${o.default} | ${o.description} |`,
  );
  return ['| Flag | Environment | Default | What it does |', '|---|---|---|---|', ...rows].join('\n');
}

export function helpText(version: string): string {
  const lines = [
    `gigs-mock ${version}: a simulator of the Gigs Core API`,
    '',
    'Usage: gigs-mock [serve] [options]     start the simulator (default)',
    '       gigs-mock scenarios             list the scenarios',
    '',
    'Options (flag, environment variable, default):',
  ];
  for (const o of OPTIONS) {
    const flag = `--${o.flag}${o.value ? ` <${o.value}>` : ''}`;
    lines.push(`  ${flag.padEnd(30)} ${o.description}`);
    lines.push(`  ${''.padEnd(30)} env ${o.env.join(', ')}; default ${o.default}`);
  }
  lines.push(`  ${'-h, --help'.padEnd(30)} Show this help.`);
  lines.push(`  ${'-v, --version'.padEnd(30)} Print the version.`);
  return lines.join('\n');
}
