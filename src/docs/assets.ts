import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Swagger UI's files, served by the simulator itself (never a CDN: users may be offline, or in a
 * container). The build copies them from swagger-ui-dist (a dev dependency) to dist/docs-assets
 * (scripts/bundle-cli.mjs), which the npm package and the Docker image ship; so installing
 * gigs-mock pulls in neither swagger-ui-dist's 12 MB nor its analytics postinstall (@scarf/scarf).
 * From a checkout before a build, the package itself serves.
 */
export const DOCS_ASSETS = ['swagger-ui-bundle.js', 'swagger-ui.css'] as const;
export type DocsAsset = (typeof DOCS_ASSETS)[number];

/** This module's folder: import.meta.url in the ES module builds, __dirname in the CommonJS one. */
function moduleDir(): string | undefined {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return typeof __dirname === 'string' ? __dirname : undefined;
  }
}

function assetDirs(): string[] {
  const here = moduleDir();
  const dirs: string[] = [];
  if (here !== undefined) {
    // dist/cli.js (the bundle) -> dist/docs-assets; dist/docs/assets.js, dist/cjs/index.cjs -> ../docs-assets.
    dirs.push(join(here, 'docs-assets'), join(here, '..', 'docs-assets'));
    try {
      dirs.push(dirname(createRequire(join(here, 'noop.js')).resolve('swagger-ui-dist/package.json')));
    } catch {
      // Not installed beside this module (the Docker image): the copies above serve.
    }
  }
  return dirs;
}

const cache = new Map<DocsAsset, Buffer | null>();

/** The file's bytes, or undefined when it cannot be found (the /docs page then says so). */
export function docsAsset(name: DocsAsset): Buffer | undefined {
  if (!cache.has(name)) {
    const file = assetDirs()
      .map((dir) => join(dir, name))
      .find((path) => existsSync(path));
    cache.set(name, file === undefined ? null : readFileSync(file));
  }
  return cache.get(name) ?? undefined;
}
