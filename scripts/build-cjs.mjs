#!/usr/bin/env node
// The CommonJS build of the library, for `require('gigs-mock')` and Jest's default setup, beside
// the ES modules tsc writes to dist/. One bundle, dist/cjs/index.cjs, of src/index.ts; the
// dependencies that ship CommonJS themselves stay external (one copy of hono and zod for the
// whole app), the one that is ESM-only (@faker-js/faker) is bundled in, because Jest cannot
// require it. The declarations are tsc's, copied under dist/cjs/ beside a package.json saying
// "commonjs", so TypeScript reads them as CommonJS for `require` users (the `types` condition).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const bundled = new Set(['@faker-js/faker']);
const external = Object.keys(pkg.dependencies)
  .filter((name) => !bundled.has(name))
  .flatMap((name) => [name, `${name}/*`]);

rmSync('dist/cjs', { recursive: true, force: true });
await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/cjs/index.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external,
  logLevel: 'warning',
});
// The MSW adapter: msw stays the app's own; the adapter holds no copy of the simulator (it only
// calls the one it is given), so one that `require`s both gets one simulator.
await build({
  entryPoints: ['src/msw.ts'],
  outfile: 'dist/cjs/msw.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['msw', 'msw/*'],
  logLevel: 'warning',
});
writeFileSync('dist/cjs/package.json', `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
for (const file of readdirSync('dist', { recursive: true })) {
  const rel = String(file);
  if (!rel.endsWith('.d.ts') || rel.startsWith('cjs/') || /^(contract-)?cli\.d\.ts$/.test(rel)) continue;
  mkdirSync(dirname(join('dist/cjs', rel)), { recursive: true });
  copyFileSync(join('dist', rel), join('dist/cjs', rel));
}
