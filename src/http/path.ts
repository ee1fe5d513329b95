import { getPath } from 'hono/utils/url';
import { normalizePath } from '../engine/paths.js';

/** `/projects` followed by an empty segment: a URL built with an empty project id. */
const EMPTY_PROJECT = /^\/+projects\/{2,}/;

/**
 * Hono's `getPath` for the root app, so every route, the control plane, fault rules and the request
 * log see the normal path (src/engine/paths.ts). Hono's `getPath` stops at `?` (the query string is
 * left alone) and decodes with `decodeURI`, which keeps reserved escapes such as `%2F`.
 *
 * An empty project segment (`/projects//plans`, what a URL built from an unset project id looks
 * like) is left as it is, so it matches no route and is a 404: collapsing it would name a project
 * called "plans".
 */
export function routingPath(request: Request): string {
  const path = getPath(request);
  return EMPTY_PROJECT.test(path) ? path : normalizePath(path);
}
