import { defineConfig } from 'vitest/config';

/** The contract suite: black-box HTTP tests against one target (see contracts/README.md). */
export default defineConfig({
  test: {
    include: ['contracts/**/*.contract.test.ts'],
    globalSetup: ['contracts/global-setup.ts'],
    environment: 'node',
    testTimeout: 20 * 60_000,
    hookTimeout: 5 * 60_000,
    pool: 'forks',
  },
});
