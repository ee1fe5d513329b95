import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startReceiver } from './lib/receiver.js';
import { skippedTests, writeReport } from './lib/report.js';
import { type Target, targetFromEnv } from './lib/target.js';

declare module 'vitest' {
  export interface ProvidedContext {
    target: Target;
  }
}

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/**
 * The one place that knows how the target came to be. Without GIGS_BASE_URL it starts the built
 * CLI as a child process, configured as the real API behaves for a partner: no control plane and
 * a real activation delay, so nothing in the suite can lean on simulator-only features.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const startedAt = new Date().toISOString();
  let child: ChildProcess | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  let target: Target;
  if (process.env.GIGS_BASE_URL) {
    target = targetFromEnv(process.env);
  } else {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm run test:contracts does).`);
    // A local target can reach a local receiver: its webhooks are checked too.
    receiver = await startReceiver();
    const started = await startCli(['--webhook-url', `${receiver.url}/hooks`, '--webhook-secret', WEBHOOK_SECRET]);
    child = started.child;
    target = {
      ...targetFromEnv(process.env, { baseUrl: started.url }),
      webhooks: { receiverUrl: receiver.url, secret: WEBHOOK_SECRET },
    };
  }
  project.provide('target', target);
  process.stdout.write(`contracts: target ${target.name} at ${target.baseUrl}, run ${target.runId}\n`);
  return async () => {
    // Global teardown runs after the whole run, so vitest's results are final here.
    const skipped = skippedTests(project.vitest.state.getTestModules());
    const report = writeReport(target.reportDir, { target: target.name, runId: target.runId, startedAt }, skipped);
    process.stdout.write(
      `contracts: report in ${target.reportDir}/contracts-report.{json,md}: ${report.summary.schemaViolations} schema violations, ` +
        `${report.summary.unknownFields} unknown fields, ${report.summary.statusDifferences} status differences, ${report.summary.softFailed} soft checks different, ` +
        `${skipped.length} tests skipped\n`,
    );
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await receiver?.close();
  };
}

/** A fixed test secret for the local run (whsec_ + base64 of 24 bytes). */
const WEBHOOK_SECRET = 'whsec_Y29udHJhY3Qtc3VpdGUtd2ViaG9vay1zZWNyZXQ=';

function startCli(extra: string[]): Promise<{ child: ChildProcess; url: string }> {
  const args = [
    CLI,
    'serve',
    '--port',
    '0',
    '--no-control-plane',
    '--activation-delay',
    '3s',
    '--log-level',
    'silent',
    '--seed',
    'contracts',
    ...extra,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`the simulator did not start within 15 s: ${out}${err}`)), 15_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.once('exit', (code) => fail(new Error(`the simulator exited with ${code}: ${err}`)));
  });
}
