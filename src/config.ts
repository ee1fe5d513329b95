import { parseArgs } from 'node:util';
import { type Config, OPTIONS, type OptionSpec, optionFor } from './config-options.js';
import { parseDuration } from './engine/duration.js';
import { targetsControlPlane } from './engine/webhooks.js';
import { findScenario, scenarioNames } from './scenarios/index.js';
import { parseApiKeys } from './simulator.js';

export { type Config, OPTIONS, type OptionSpec } from './config-options.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

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
    throw new ConfigError('arguments', unknownOptionMessage(err, ['help', 'version', ...OPTIONS.map((o) => o.flag)]));
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const [first, ...rest] = parsed.positionals;
  if (rest.length > 0) throw new ConfigError('arguments', `unexpected argument "${rest[0]}"`);
  let command: ParsedCommand['command'] = 'serve';
  if (first === 'scenarios') command = 'scenarios';
  else if (first !== undefined && first !== 'serve')
    throw new ConfigError('command', `unknown command "${first}" (use serve, listen or scenarios)`);
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
  const connectUrl = str('connectUrl');
  if (connectUrl !== undefined && !/^https?:\/\/[^\s/?#]+\/[^\s?#]*[^\s/?#][^\s?#]*$/.test(connectUrl))
    fail(
      'connectUrl',
      `must be an http(s) URL with a path (the pages are served under it), such as http://localhost:4020/connect, got "${connectUrl}"`,
    );
  const ttl = (key: 'connectSessionTtl' | 'userTokenTtl'): number => {
    const text = str(key) ?? '1h';
    const ms = parseDuration(text);
    if (ms === undefined || ms < 1000) fail(key, `must be a duration from 1s to 3650d, such as 15m or 1h, got "${text}"`);
    return ms as number;
  };
  const connectSessionTtl = ttl('connectSessionTtl');
  const userTokenTtl = ttl('userTokenTtl');
  const scenario = str('scenario') ?? 'default';
  if (!findScenario(scenario)) fail('scenario', `unknown scenario "${scenario}" (known: ${scenarioNames().join(', ')})`);
  const delayText = str('activationDelay') ?? '5s';
  const activationDelay = parseDuration(delayText);
  if (activationDelay === undefined)
    fail('activationDelay', `must be a duration from 0 to 3650d, such as 500ms, 5s or 2m, got "${delayText}"`);
  const portingText = str('portingDelay') ?? '4h';
  const portingDelay = portingText.trim() === 'manual' ? 'manual' : parseDuration(portingText);
  if (portingDelay === undefined) fail('portingDelay', `must be a duration such as 30s or 4h, or manual, got "${portingText}"`);
  const apiKeysRaw = raw(optionFor('apiKeys'));
  const apiKeys = (Array.isArray(apiKeysRaw) ? apiKeysRaw : apiKeysRaw ? [apiKeysRaw] : []).map((k) => k.trim()).filter(Boolean);
  const urlsRaw = raw(optionFor('webhookUrls'));
  const webhookUrls = (Array.isArray(urlsRaw) ? urlsRaw : urlsRaw ? [urlsRaw] : []).map((u) => u.trim()).filter(Boolean);
  for (const url of webhookUrls) {
    if (!/^https?:\/\/[^\s/]+/.test(url)) fail('webhookUrls', `must be an http(s) URL, got "${url}"`);
    if (targetsControlPlane(url))
      fail('webhookUrls', `must not point at a /__mock path (the simulator's own control plane), got "${url}"`);
  }
  const webhookSecret = str('webhookSecret');
  if (webhookSecret !== undefined && !/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/.test(webhookSecret)) {
    fail('webhookSecret', 'must be whsec_ followed by base64 (at least 12 bytes)');
  }
  const maxPendingText = str('webhookMaxPending') ?? '1000';
  if (!/^\d{1,9}$/.test(maxPendingText) || Number(maxPendingText) < 1)
    fail('webhookMaxPending', `must be a whole number from 1, got "${maxPendingText}"`);
  const intervalText = str('stateInterval') ?? '2s';
  const stateInterval = parseDuration(intervalText);
  // Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer interval would fire at once.
  if (stateInterval === undefined || stateInterval < 50 || stateInterval > MAX_TIMER_MS)
    fail('stateInterval', `must be a duration from 50ms to 24d, got "${intervalText}"`);
  const maxProjectsText = str('maxProjects') ?? '1000';
  if (!/^\d{1,9}$/.test(maxProjectsText)) fail('maxProjects', `must be a whole number (0: no limit), got "${maxProjectsText}"`);
  const snapshotText = str('maxSnapshotMb') ?? '32';
  const maxSnapshotMb = Number(snapshotText);
  if (!/^\d+$/.test(snapshotText) || maxSnapshotMb < 1 || maxSnapshotMb > 1024)
    fail('maxSnapshotMb', `must be a whole number of MB from 1 to 1024, got "${snapshotText}"`);
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
      connectUrl: connectUrl?.replace(/\/+$/, ''),
      connectSessionStatus: Number(oneOf('connectSessionStatus', ['201', '200'] as const, '201')) as 200 | 201,
      connectSessionTtl,
      userTokenTtl,
      seed: str('seed'),
      scenario,
      activationDelay: activationDelay as number,
      activationMode: oneOf('activationMode', ['delay', 'immediate', 'manual'] as const, 'delay'),
      apiKeys,
      adminToken: str('adminToken'),
      webhookUrls,
      webhookSecret,
      webhookMaxPending: Number(maxPendingText),
      stateFile: str('stateFile'),
      stateInterval: stateInterval as number,
      noControlPlane: onOff('noControlPlane'),
      conflictStatus: Number(oneOf('conflictStatus', ['422', '409'] as const, '422')) as 409 | 422,
      logFormat: oneOf('logFormat', ['text', 'json'] as const, 'text'),
      logLevel: oneOf('logLevel', ['silent', 'info'] as const, 'info'),
      extraEvents: onOff('extraEvents'),
      maxProjects: Number(maxProjectsText),
      projectEviction: oneOf('projectEviction', ['none', 'lru'] as const, 'none'),
      maxSnapshotMb,
      portingDelay: portingDelay as number | 'manual',
    },
  };
}

/**
 * One line for a parseArgs failure, with the nearest known flag for a typo: node's own text for an
 * unknown option is two sentences with an unbalanced quote and no suggestion.
 */
export function unknownOptionMessage(err: unknown, flags: string[]): string {
  const e = err as NodeJS.ErrnoException;
  const option = /'(-{1,2}[^'\s=]+)/.exec(e.message ?? '')?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    const name = option.replace(/^-+/, '');
    // A typo (two edits at most, a swap of two letters counting as two) or the start of a flag.
    const nearest = flags
      .map((flag) => ({ flag, distance: name.length >= 3 && flag.startsWith(name) ? 0 : editDistance(name, flag) }))
      .sort((a, b) => a.distance - b.distance)[0];
    const close = nearest !== undefined && nearest.distance <= Math.min(2, nearest.flag.length - 2);
    return `unknown option ${option}${close ? `; did you mean --${nearest.flag}?` : ' (see --help)'}`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (/argument missing/.test(e.message)) return `${option} needs a value`;
    if (/does not take an argument/.test(e.message)) return `${option} takes no value`;
  }
  return (e.message ?? String(err)).split('\n')[0] ?? String(err);
}

/** Levenshtein distance, for flag suggestions (flags are short, so the square table is fine). */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] ?? 0;
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
    '       gigs-mock listen --secret whsec_…  receive and verify its webhooks (gigs-mock listen --help)',
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
