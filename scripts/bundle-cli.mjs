#!/usr/bin/env node
// Bundles the CLI straight from the TypeScript sources (src/cli.ts) into one file, dist/cli.js.
// It needs no tsc run first, so `npm start` is this (a fraction of a second) plus node; `npm run
// build` runs tsc for the library and its declarations, then this. Node 20 resolves, reads and
// links every ES module on its own; the CLI pulls in some 400 of them (zod, hono, faker), which
// was most of its start-up time: about 450 -> 250 ms to the first /__mock/health on this machine.
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli.ts'],
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
// A map left by tsc describes the file the bundle replaced; a map of the bundle would triple the package.
await rm('dist/cli.js.map', { force: true });

// /docs serves Swagger UI from the simulator itself. The Docker image has no node_modules, so its two
// files go beside the bundle (dist/docs-assets; the Dockerfile copies the folder, src/docs/assets.ts
// finds it), with the licence they ship under.
const swagger = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
await mkdir('dist/docs-assets', { recursive: true });
for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css', 'LICENSE', 'NOTICE'])
  await copyFile(join(swagger, file), join('dist/docs-assets', file));
