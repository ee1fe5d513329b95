import { parseArgs } from 'node:util';
import { ConfigError, unknownOptionMessage } from './config.js';

/** The options of `gigs-mock listen`; one table, read by the parser, its --help and the README. */
export interface ListenConfig {
  port: number;
  host: string;
  secret: string;
  forwardTo: string | undefined;
}

export interface ListenOptionSpec {
  key: keyof ListenConfig;
  flag: string;
  env: string[];
  value: string;
  default: string;
  description: string;
}

export const LISTEN_OPTIONS: ListenOptionSpec[] = [
  {
    key: 'port',
    flag: 'port',
    env: ['GIGS_MOCK_LISTEN_PORT'],
    value: 'n',
    default: '4021',
    description: 'Port the receiver listens on (it takes deliveries on every path).',
  },
  {
    key: 'host',
    flag: 'host',
    env: ['GIGS_MOCK_HOST'],
    value: 'addr',
    default: '127.0.0.1',
    description: 'Address to listen on (0.0.0.0 for all interfaces, as in Docker).',
  },
  {
    key: 'secret',
    flag: 'secret',
    env: ['GIGS_MOCK_WEBHOOK_SECRET'],
    value: 'whsec_…',
    default: 'required',
    description: "The sender's signing secret: the whsec_ one gigs-mock prints at start, or its --webhook-secret.",
  },
  {
    key: 'forwardTo',
    flag: 'forward-to',
    env: ['GIGS_MOCK_LISTEN_FORWARD_TO'],
    value: 'url',
    default: 'none',
    description: "POST each verified delivery, headers untouched, to this URL and answer with that URL's status.",
  },
];

export interface ParsedListen {
  command: 'listen' | 'help';
  config: ListenConfig;
}

/** Parses `gigs-mock listen [options]` (argv after `listen`) and env; defaults < env < flags. */
export function loadListenConfig(env: Record<string, string | undefined>, argv: string[]): ParsedListen {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(LISTEN_OPTIONS.map((o) => [o.flag, { type: 'string' as const }])),
      },
    }));
  } catch (err) {
    throw new ConfigError('arguments', `listen: ${unknownOptionMessage(err, ['help', ...LISTEN_OPTIONS.map((o) => o.flag)])}`);
  }
  if (positionals.length > 0) throw new ConfigError('arguments', `listen: unexpected argument "${positionals[0]}"`);
  const get = (spec: ListenOptionSpec): string | undefined => {
    const flag = values[spec.flag];
    if (typeof flag === 'string') return flag;
    for (const name of spec.env) if (env[name]) return env[name];
    return undefined;
  };
  const spec = (key: keyof ListenConfig) => LISTEN_OPTIONS.find((o) => o.key === key) as ListenOptionSpec;
  const fail = (key: keyof ListenConfig, message: string): never => {
    const s = spec(key);
    throw new ConfigError(`--${s.flag}`, `listen --${s.flag} (${s.env.join(' or ')}): ${message}`);
  };
  const empty: ListenConfig = { port: 4021, host: '127.0.0.1', secret: '', forwardTo: undefined };
  if (values.help) return { command: 'help', config: empty };

  const portText = get(spec('port')) ?? '4021';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) fail('port', `must be a port number from 0 to 65535, got "${portText}"`);
  const secret = get(spec('secret'));
  if (secret === undefined) fail('secret', 'is required: the whsec_ secret the simulator prints at start');
  else if (!/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/.test(secret))
    fail('secret', 'must be whsec_ followed by base64 (at least 12 bytes)');
  const forwardTo = get(spec('forwardTo'));
  if (forwardTo !== undefined && !/^https?:\/\/[^\s/]+/.test(forwardTo))
    fail('forwardTo', `must be an http(s) URL, got "${forwardTo}"`);
  return { command: 'listen', config: { port, host: get(spec('host')) ?? '127.0.0.1', secret: secret as string, forwardTo } };
}

/** The README's table of `gigs-mock listen` options (a test keeps the README in step). */
export function listenOptionsTable(): string {
  const rows = LISTEN_OPTIONS.map(
    (o) => `| \`--${o.flag} <${o.value}>\` | ${o.env.map((e) => `\`${e}\``).join(', ')} | ${o.default} | ${o.description} |`,
  );
  return ['| Flag | Environment | Default | What it does |', '|---|---|---|---|', ...rows].join('\n');
}

export function listenHelpText(version: string): string {
  const lines = [
    `gigs-mock ${version} listen: a webhook receiver that verifies every delivery`,
    '',
    'Usage: gigs-mock listen --secret whsec_… [--port 4021] [--forward-to <url>]',
    '',
    'Prints one line per delivery (verified or REJECTED with the reason) and answers 204, or 401 for',
    'a bad signature; with --forward-to, the status of that URL. GET answers {"status":"ok",...}.',
    '',
    'Options (flag, environment variable, default):',
  ];
  for (const o of LISTEN_OPTIONS) {
    lines.push(`  ${`--${o.flag} <${o.value}>`.padEnd(30)} ${o.description}`);
    lines.push(`  ${''.padEnd(30)} env ${o.env.join(', ')}; default ${o.default}`);
  }
  lines.push(`  ${'-h, --help'.padEnd(30)} Show this help.`);
  return lines.join('\n');
}
