import { getPath } from 'hono/utils/url';

/**
 * The path a request is routed by: runs of `/` collapsed and one trailing `/` dropped, so
 * `/projects/p//plans`, `//projects/p/plans` and `/projects/p/plans/` name the same resource as
 * `/projects/p/plans`. Gigs' own example app sends the double slash on every call
 * (gigs/connect-sessions-buy-manage-example `lib/api.ts`, `fetchUrl`) and works against the real
 * API, so the real API accepts it. The query string is not part of the path, and percent-encoded
 * bytes stay as they are (`%2F` is not a separator), so path parameters stay exact.
 */
export function normalizePath(path: string): string {
  // Most requests are already normal: no allocation for them.
  if (!path.includes('//') && (path.length === 1 || !path.endsWith('/'))) return path;
  const collapsed = path.replace(/\/{2,}/g, '/');
  return collapsed.length > 1 && collapsed.endsWith('/') ? collapsed.slice(0, -1) : collapsed;
}

/** Hono's `getPath` for the root app: every route, the control plane and the logs see the normal path. */
export const routingPath = (request: Request): string => normalizePath(getPath(request));
