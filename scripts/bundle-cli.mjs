#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli.js, from tsc) into one file in its place. Node 20 resolves,
// reads and links every ES module on its own; the CLI pulls in some 400 of them (zod, hono, faker),
// which was most of its start-up time: about 450 -> 250 ms to the first /__mock/health on this machine.
// The library entry (dist/index.js) and its type declarations stay as tsc wrote them.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli.js'],
  outfile: 'dist/cli.js',
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // Some dependencies are CommonJS (qrcode) and call require(); an ES module has none of its own.
  banner: {
    js: "import { createRequire as __gigsMockRequire } from 'node:module';\nconst require = __gigsMockRequire(import.meta.url);",
  },
});
// tsc's map describes the file the bundle replaced; a map of the bundle would triple the package.
await rm('dist/cli.js.map', { force: true });
