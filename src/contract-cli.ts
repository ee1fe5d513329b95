#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `gigs-contract`: runs the contract suite shipped in this package against the target in the
 * environment (GIGS_BASE_URL, GIGS_TOKEN, GIGS_PROJECT), or against a simulator it starts.
 * Vitest runs the suite; it is an optional peer dependency, so installing the library alone does
 * not pull in vitest's 40-odd packages.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const config = join(root, 'vitest.contracts.config.ts');
/** The vitest the suite is tested with (a 4.x; 5.x needs Node 22). */
const VITEST = 'vitest@4.1.12';

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
  } catch (err) {
    // Only a missing vitest gets the hint; a vitest that fails to load is a real error.
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' || !String(err).includes('vitest')) throw err;
    process.stderr.write(
      `gigs-contract: the suite runs on vitest, an optional peer dependency: npm install --save-dev ${VITEST}\n`,
    );
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
