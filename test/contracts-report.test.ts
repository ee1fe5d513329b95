import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_REASONS } from '../contracts/lib/contract.js';
import type { Report } from '../contracts/lib/report.js';
import { type RunningServer, startSimulator } from '../src/server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');

interface JsonResult {
  testResults: { name: string; assertionResults: { ancestorTitles: string[]; title: string; status: string }[] }[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/**
 * Runs the contract suite as a user would, against an external simulator (so nothing is started
 * by the suite), with vitest's JSON reporter beside the suite's own report; returns both.
 */
async function runContracts(
  env: Record<string, string>,
): Promise<{ report: Report; vitest: JsonResult; code: number | null; markdown: string }> {
  const server: RunningServer = await startSimulator({ seed: 'contracts-report', activationDelay: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'gigs-mock-contracts-report-'));
  cleanups.push(
    () => server.close(),
    () => rmSync(dir, { recursive: true, force: true }),
  );
  // The child is its own vitest run: none of this run's VITEST_* variables may leak into it.
  const childEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS'),
  );
  const code = await new Promise<number | null>((resolve) => {
    execFile(
      process.execPath,
      [VITEST, 'run', '--config', 'vitest.contracts.config.ts', '--reporter=json', `--outputFile=${join(dir, 'vitest.json')}`],
      {
        cwd: ROOT,
        timeout: 120_000,
        env: {
          ...childEnv,
          GIGS_BASE_URL: server.url,
          GIGS_TOKEN: 'contract-token',
          GIGS_PROJECT: 'contracts-report',
          GIGS_CONTRACT_REPORT_DIR: dir,
          GIGS_CONTRACT_TIMEOUT_MS: '10000',
          ...env,
        },
      },
      (error) => resolve(error ? (typeof error.code === 'number' ? error.code : null) : 0),
    );
  });
  const report = JSON.parse(readFileSync(join(dir, 'contracts-report.json'), 'utf8')) as Report;
  const vitest = JSON.parse(readFileSync(join(dir, 'vitest.json'), 'utf8')) as JsonResult;
  return { report, vitest, code, markdown: readFileSync(join(dir, 'contracts-report.md'), 'utf8') };
}

/** What vitest itself says it skipped, named as the report names tests. */
function skippedByVitest(result: JsonResult): string[] {
  return result.testResults
    .flatMap((file) =>
      file.assertionResults
        .filter((t) => t.status === 'skipped' || t.status === 'pending')
        .map((t) => [file.name.split('/').at(-1), ...t.ancestorTitles, t.title].join(' > ')),
    )
    .sort((a, b) => a.localeCompare(b));
}

/**
 * Each test awaits a whole child vitest run of the suite, mostly its start-up: on a busy 2-core
 * machine that alone took over the default 20 s.
 */
const CHILD_RUN_MS = 90_000;

const files = (tests: string[]) => [...new Set(tests.map((t) => t.split(' > ')[0]))].sort();

describe('contract report: Skipped', () => {
  // Both runs at once: each is a whole vitest run of the suite, mostly waiting on its own start.
  let readOnly: ReturnType<typeof runContracts>;
  let writes: ReturnType<typeof runContracts>;
  beforeAll(() => {
    readOnly = runContracts({});
    writes = runContracts({ GIGS_CONTRACT_ALLOW_WRITES: '1' });
    // Rejections surface in the tests that await them; this keeps them from being unhandled first.
    readOnly.catch(() => {});
    writes.catch(() => {});
  });

  it(
    'lists exactly the tests vitest skipped on a read-only external target, with the writes reason',
    async () => {
      const { report, vitest, code, markdown } = await readOnly;
      expect(code).toBe(0);
      const skipped = skippedByVitest(vitest);
      expect(report.skipped.map((s) => s.test)).toEqual(skipped);
      expect(files(skipped)).toEqual([
        'addresses.contract.test.ts',
        'connect-sessions.contract.test.ts',
        'manage.contract.test.ts',
        'pagination.contract.test.ts',
        'portings.contract.test.ts',
        'sims.contract.test.ts',
        'subscriptions.contract.test.ts',
        'users.contract.test.ts',
        'webhooks.contract.test.ts',
      ]);
      const reasons = new Map(report.skipped.map((s) => [s.test, s.reason]));
      for (const test of skipped) {
        expect(reasons.get(test)).toBe(test.startsWith('webhooks') ? SKIP_REASONS.webhooks : SKIP_REASONS.writes);
      }
      expect(report.summary.skipped).toBe(skipped.length);
      // The Markdown report says the same, one line per skipped test.
      const section = markdown.split('## Skipped')[1]?.split('\n## ')[0] ?? '';
      expect(section.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(skipped.length);
    },
    CHILD_RUN_MS,
  );

  it(
    'lists the subscription and webhook tests, and nothing else, when writes are allowed',
    async () => {
      const { report, vitest, code } = await writes;
      expect(code).toBe(0);
      const skipped = skippedByVitest(vitest);
      expect(report.skipped.map((s) => s.test)).toEqual(skipped);
      expect(files(skipped)).toEqual([
        'manage.contract.test.ts',
        'sims.contract.test.ts',
        'subscriptions.contract.test.ts',
        'webhooks.contract.test.ts',
      ]);
      for (const s of report.skipped) {
        expect(s.reason).toBe(s.test.startsWith('webhooks') ? SKIP_REASONS.webhooks : SKIP_REASONS.subscriptions);
      }
      // Users and addresses ran against the target: their endpoints are in the report.
      expect(report.endpoints.map((e) => e.endpoint)).toContain('POST /projects/{project}/users');
    },
    CHILD_RUN_MS,
  );
});
