#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `gigs-contract`: runs the contract suite shipped in this package against the target in the
 * environment (GIGS_BASE_URL, GIGS_TOKEN, GIGS_PROJECT), or against a simulator it starts.
 * Vitest runs the suite; it is an optional dependency so the Docker image can leave it out.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const config = join(root, 'vitest.contracts.config.ts');

async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(
      [
        'gigs-contract: run the gigs-mock contract suite against a Gigs API target',
        '',
        'Without environment it starts a local simulator. To test another target set:',
        '  GIGS_BASE_URL, GIGS_TOKEN, GIGS_PROJECT   the target (all three)',
        '  GIGS_CONTRACT_ALLOW_WRITES=1              allow creating (and cleaning up) test users and addresses',
        '  GIGS_CONTRACT_ALLOW_SUBSCRIPTIONS=1       also allow subscriptions (they may cost money)',
        '  GIGS_CONTRACT_REPORT_DIR=dir              where contracts-report.json and .md go (default: .)',
        '  GIGS_CONTRACT_TIMEOUT_MS=ms               how long to wait for asynchronous changes',
        '',
      ].join('\n'),
    );
    return 0;
  }
  if (!existsSync(config)) {
    process.stderr.write(`gigs-contract: ${config} is missing from this installation\n`);
    return 2;
  }
  let startVitest: typeof import('vitest/node').startVitest;
  try {
    ({ startVitest } = await import('vitest/node'));
  } catch {
    process.stderr.write('gigs-contract: vitest is not installed; run `npm install vitest@4.1.12` next to gigs-mock\n');
    return 2;
  }
  const vitest = await startVitest('test', [], { root, config, run: true, watch: false });
  const failed = vitest.state.getCountOfFailedTests();
  await vitest.close();
  return failed > 0 || process.exitCode ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`gigs-contract: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
