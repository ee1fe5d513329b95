import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Only sources: vitest 4 would otherwise also pick up compiled tests under dist/.
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
  },
});
