#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { ConfigError, helpText, loadConfig } from './config.js';
import type { RequestEntry } from './http/request-log.js';
import { StatePersister } from './persistence.js';
import { scenarios } from './scenarios/index.js';
import { listen } from './server.js';
import { createSimulator } from './simulator.js';

/** The only place that exits the process. */
async function main(): Promise<number> {
  const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
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

  const sim = createSimulator({
    seed: config.seed,
    activationDelay: config.activationDelay,
    activationMode: config.activationMode,
    apiKeys: config.apiKeys,
    publicUrl: config.publicUrl,
    scenario: config.scenario,
    conflictStatus: config.conflictStatus,
    adminToken: config.adminToken,
    controlPlane: !config.noControlPlane,
    webhookUrls: config.webhookUrls,
    webhookSecret: config.webhookSecret,
  });
  if (config.logLevel !== 'silent')
    sim.requests.onEntry((entry) => process.stdout.write(`${formatEntry(entry, config.logFormat)}\n`));
  const persister = config.stateFile ? new StatePersister(sim, config.stateFile) : undefined;
  try {
    if (persister?.load()) process.stdout.write(`gigs-mock: state loaded from ${config.stateFile}\n`);
  } catch (err) {
    process.stderr.write(`gigs-mock: --state-file: ${(err as Error).message}\n`);
    return 1;
  }
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen(sim, { port: config.port, host: config.host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    process.stderr.write(`gigs-mock: cannot listen on ${config.host}:${config.port}: ${code ?? (err as Error).message}\n`);
    return 1;
  }
  if (config.publicUrl === undefined) sim.publicUrl = `http://localhost:${server.port}`;
  const mode =
    config.apiKeys.length > 0
      ? `strict (${new Set(config.apiKeys.map((k) => k.split(':')[0])).size} project(s))`
      : 'open (any token, projects created on first use)';
  const banner = {
    url: `http://${config.host}:${server.port}`,
    publicUrl: sim.publicUrl,
    projects: mode,
    scenario: config.scenario,
    activation: config.activationMode === 'delay' ? `after ${config.activationDelay} ms` : config.activationMode,
    seed: sim.random.seed,
    webhooks: `${config.webhookUrls.length} endpoint(s), secret ${sim.webhooks.secret}`,
    controlPlane: config.noControlPlane ? 'off' : `${sim.publicUrl}/__mock${config.adminToken ? ' (admin token required)' : ''}`,
  };
  if (config.logFormat === 'json')
    process.stdout.write(`${JSON.stringify({ msg: 'gigs-mock listening', version, ...banner })}\n`);
  else {
    process.stdout.write(
      `gigs-mock ${version} listening on ${banner.url}\n` +
        `  public URL  ${banner.publicUrl}\n  projects    ${banner.projects}\n  scenario    ${banner.scenario}\n` +
        `  activation  ${banner.activation}\n  seed        ${banner.seed}\n  control     ${banner.controlPlane}\n` +
        `  webhooks    ${banner.webhooks}\n` +
        `  OpenAPI     ${banner.publicUrl}/openapi.json\n`,
    );
  }

  persister?.start(config.stateInterval);
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      if (config.logLevel !== 'silent') process.stdout.write(`gigs-mock: ${signal}, shutting down\n`);
      server
        .close()
        .then(() => {
          persister?.stop();
          persister?.save(true);
          resolve(0);
        })
        .catch((err: unknown) => {
          process.stderr.write(`gigs-mock: shutdown failed: ${(err as Error).message}\n`);
          resolve(1);
        });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

function formatEntry(entry: RequestEntry, format: 'text' | 'json'): string {
  if (format === 'json') return JSON.stringify({ msg: 'request', ...entry });
  return `${entry.method} ${entry.path} ${entry.status} ${entry.durationMs}ms`;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`gigs-mock: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
