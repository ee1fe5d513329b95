import { parseArgs } from 'node:util';
import { type Config, OPTIONS, type OptionSpec, optionFor } from './config-options.js';
import { parseDuration } from './engine/duration.js';
import { findScenario, scenarioNames } from './scenarios/index.js';
import { parseApiKeys } from './simulator.js';

export { type Config, OPTIONS, type OptionSpec } from './config-options.js';

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
    const spec = optionFor(key);
    const value = raw(spec);
    return Array.isArray(value) ? value.join(',') : value;
  };
  const fail = (key: keyof Config, message: string): never => {
    const spec = optionFor(key);
    throw new ConfigError(`--${spec.flag}`, `--${spec.flag} (${spec.env.join(' or ')}): ${message}`);
  };
  const oneOf = <T extends string>(key: keyof Config, allowed: readonly T[], fallback: T): T => {
    const value = str(key) ?? fallback;
    if (!allowed.includes(value as T)) fail(key, `must be one of ${allowed.join(', ')}, got "${value}"`);
    return value as T;
  };
  /** An on/off option: the flag alone, or true/false, 1/0, yes/no in the environment. */
  const onOff = (key: keyof Config): boolean =>
    ['true', '1', 'yes'].includes(oneOf(key, ['true', 'false', '1', '0', 'yes', 'no'] as const, 'false'));

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
  const portingText = str('portingDelay') ?? '4h';
  const portingDelay = portingText.trim() === 'manual' ? 'manual' : parseDuration(portingText);
  if (portingDelay === undefined) fail('portingDelay', `must be a duration such as 30s or 4h, or manual, got "${portingText}"`);
  const apiKeysRaw = raw(optionFor('apiKeys'));
  const apiKeys = (Array.isArray(apiKeysRaw) ? apiKeysRaw : apiKeysRaw ? [apiKeysRaw] : []).map((k) => k.trim()).filter(Boolean);
  const urlsRaw = raw(optionFor('webhookUrls'));
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
      noControlPlane: onOff('noControlPlane'),
      conflictStatus: Number(oneOf('conflictStatus', ['422', '409'] as const, '422')) as 409 | 422,
      logFormat: oneOf('logFormat', ['text', 'json'] as const, 'text'),
      logLevel: oneOf('logLevel', ['silent', 'info'] as const, 'info'),
      extraEvents: onOff('extraEvents'),
      portingDelay: portingDelay as number | 'manual',
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
