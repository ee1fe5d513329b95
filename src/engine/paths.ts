/**
 * The normal form of a request path: runs of `/` collapsed and one trailing `/` dropped, so
 * `/projects/p//plans`, `//projects/p/plans` and `/projects/p/plans/` name the same resource as
 * `/projects/p/plans`. Gigs' own example app sends the double slash on every call
 * (gigs/connect-sessions-buy-manage-example `lib/api.ts`, `fetchUrl`) and works against the real
 * API, so the real API accepts it. Reserved escapes such as `%2F` are not separators, so path
 * parameters stay exact. Used for routing (src/http/path.ts) and for fault-rule patterns, so a rule
 * written with `//` matches what it names.
 */
export function normalizePath(path: string): string {
  // Most requests are already normal: no allocation for them.
  if (!path.includes('//') && (path.length === 1 || !path.endsWith('/'))) return path;
  const collapsed = path.replace(/\/{2,}/g, '/');
  return collapsed.length > 1 && collapsed.endsWith('/') ? collapsed.slice(0, -1) : collapsed;
}
