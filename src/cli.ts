#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { ConfigError, helpText, loadConfig } from './config.js';
import type { RequestEntry } from './http/request-log.js';
import { escapeText, jsonLine } from './log-escape.js';
import { StatePersister } from './persistence.js';
import { scenarios } from './scenarios/index.js';
import { listen } from './server.js';
import { createSimulator } from './simulator.js';
import { listenCommand } from './webhook-listen-cli.js';

/** The only place that exits the process. */
async function main(): Promise<number> {
  const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  if (process.argv[2] === 'listen') return listenCommand(version, process.argv.slice(3));
  let parsed: ReturnType<typeof loadConfig>;
  try {
    parsed = loadConfig(process.env, process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`gigs-mock: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const { command, config } = parsed;
  if (command === 'help') {
    process.stdout.write(`${helpText(version)}\n`);
    return 0;
  }
  if (command === 'version') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (command === 'scenarios') {
    const width = Math.max(...scenarios.map((s) => s.name.length));
    for (const s of scenarios) process.stdout.write(`${s.name.padEnd(width)}  ${s.description}\n`);
    return 0;
  }

  const log = logger(config.logFormat);
  const sim = createSimulator({
    seed: config.seed,
    activationDelay: config.activationDelay,
    activationMode: config.activationMode,
    apiKeys: config.apiKeys,
    publicUrl: config.publicUrl,
    connectUrl: config.connectUrl,
    connectSessionStatus: config.connectSessionStatus,
    connectSessionTtl: config.connectSessionTtl,
    userTokenTtl: config.userTokenTtl,
    scenario: config.scenario,
    conflictStatus: config.conflictStatus,
    adminToken: config.adminToken,
    controlPlane: !config.noControlPlane,
    webhookUrls: config.webhookUrls,
    webhookSecret: config.webhookSecret,
    webhookMaxPending: config.webhookMaxPending,
    onLog: (message) => log.info(message),
    extraEvents: config.extraEvents,
    maxProjects: config.maxProjects,
    projectEviction: config.projectEviction,
    maxSnapshotBytes: config.maxSnapshotMb * 1024 * 1024,
    portingDelay: config.portingDelay,
    onError: (error, context) =>
      log.error(`unexpected error (${context})`, {
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  });
  if (config.logLevel !== 'silent') sim.requests.onEntry((entry) => log.request(entry));
  const persister = config.stateFile ? new StatePersister(sim, config.stateFile) : undefined;
  try {
    if (persister?.load()) log.info(`state loaded from ${config.stateFile}`);
    // A state file that cannot be written must stop the start, not fail later.
    persister?.checkWritable();
  } catch (err) {
    log.error(`--state-file: ${(err as Error).message}`);
    return 1;
  }
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen(sim, { port: config.port, host: config.host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    log.error(`cannot listen on ${config.host}:${config.port}: ${code ?? (err as Error).message}`);
    return 1;
  }
  if (config.publicUrl === undefined) sim.publicUrl = `http://localhost:${server.port}`;
  const mode =
    config.apiKeys.length > 0
      ? `strict (${new Set(config.apiKeys.map((k) => k.split(':')[0])).size} project(s))`
      : 'open (any token, projects created on first use)';
  const activation = config.activationMode === 'delay' ? `after ${config.activationDelay} ms` : config.activationMode;
  const banner = {
    url: `http://${config.host}:${server.port}`,
    publicUrl: sim.publicUrl,
    projects: mode,
    scenario: config.scenario,
    // Some scenarios set their own activation for the projects they seed.
    activation: ['slow-activation', 'manual-activation'].includes(config.scenario)
      ? `${activation}, but the scenario overrides it`
      : activation,
    seed: sim.random.seed,
    webhooks: `${config.webhookUrls.length} endpoint(s), secret ${sim.webhooks.secret}`,
    controlPlane: config.noControlPlane ? 'off' : `${sim.publicUrl}/__mock${config.adminToken ? ' (admin token required)' : ''}`,
    stateFile: config.stateFile ?? 'none (memory only)',
    // The admin token itself is never printed: the user adds ?token= once (see the README).
    inspector: config.noControlPlane
      ? 'off'
      : `${sim.publicUrl}/__mock/ui${config.adminToken ? ' (open once with ?token=<admin token>)' : ''}`,
    docs: `${sim.publicUrl}/docs`,
  };
  log.banner(version, banner);

  persister?.start(config.stateInterval, (err) => log.error(err.message));
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      if (config.logLevel !== 'silent') log.info(`${signal}, shutting down`);
      server
        .close()
        .then(() => persister?.stop())
        .then(() => {
          persister?.save(true);
          resolve(0);
        })
        // A last save that fails is said, and the exit code says it too.
        .catch((err: unknown) => {
          log.error(`shutdown failed: ${(err as Error).message}`);
          resolve(1);
        });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

/** Every line the server prints, as text or as JSON (--log-format json): never a mix. */
function logger(format: 'text' | 'json') {
  const json = format === 'json';
  const line = (stream: NodeJS.WriteStream, level: string, msg: string, fields: Record<string, unknown> = {}) => {
    const extra = Object.entries(fields)
      .map(([k, v]) => ` ${escapeText(k)}=${escapeText(v)}`)
      .join('');
    stream.write(json ? `${jsonLine({ level, msg, ...fields })}\n` : `gigs-mock: ${escapeText(msg)}${extra}\n`);
  };
  return {
    info: (msg: string, fields?: Record<string, unknown>) => line(process.stdout, 'info', msg, fields),
    error: (msg: string, fields?: Record<string, unknown>) => line(process.stderr, 'error', msg, fields),
    request: (entry: RequestEntry) =>
      process.stdout.write(
        json
          ? `${jsonLine({ level: 'info', msg: 'request', ...entry })}\n`
          : `${escapeText(entry.method)} ${escapeText(entry.path)} ${entry.status} ${entry.durationMs}ms\n`,
      ),
    banner: (version: string, fields: Record<string, string>) => {
      if (json) {
        process.stdout.write(`${jsonLine({ level: 'info', msg: 'gigs-mock listening', version, ...fields })}\n`);
        return;
      }
      const b = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, escapeText(v)]));
      process.stdout.write(
        `gigs-mock ${version} listening on ${b.url}\n` +
          `  public URL  ${b.publicUrl}\n  projects    ${b.projects}\n  scenario    ${b.scenario}\n` +
          `  activation  ${b.activation}\n  seed        ${b.seed}\n  control     ${b.controlPlane}\n` +
          `  webhooks    ${b.webhooks}\n  state file  ${b.stateFile}\n  inspector   ${b.inspector}\n` +
          `  API docs    ${b.docs} (OpenAPI: ${b.publicUrl}/openapi.json)\n`,
      );
    },
  };
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`gigs-mock: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
