import type { Result, Router } from 'hono/router';
import { PatternRouter } from 'hono/router/pattern-router';

/**
 * Hono's PatternRouter, without its own forgiving trailing slash: which paths name the same
 * resource is decided in one place, `normalizePath` (src/http/path.ts), before routing, so the
 * router matches exactly what it is given and a trailing slash reaching it is a 404.
 *
 * Why not the default: RegExpRouter cannot take `/users/search` beside `/users/{user}/addresses`,
 * so Hono falls back to its trie, which allocates on every match and was the largest cost of ours
 * left in a GET (bench/RESULTS.md).
 *
 * PatternRouter tries every route's pattern in turn: with a hundred routes that was 5% of a POST.
 * So routes are kept in buckets by what a path starts with (its first segment, and for
 * `/projects/{project}/<resource>` the resource), each bucket a PatternRouter of the routes that
 * could match such a path, in the order they were added. A route whose start is not literal goes
 * into every bucket, so a path finds exactly the routes, in the order, that one router would.
 */
export class ExactPatternRouter<T> implements Router<T> {
  readonly name = 'ExactPatternRouter';
  readonly #routes: { method: string; path: string; handler: T; key: string | undefined; anyResource: boolean }[] = [];
  #buckets = new Map<string, PatternRouter<T>>();

  add(method: string, path: string, handler: T): void {
    const [first, second, third] = path.split('/').slice(1);
    const literal = (segment: string | undefined) => segment !== undefined && !/[:*{}?()[\]]/.test(segment);
    // `/projects/:project/<literal>...`: bucketed by the resource as well.
    const resource = first === 'projects' && second !== undefined && /^:\w+$/.test(second) && literal(third);
    const key = !literal(first) ? undefined : resource ? `projects/${third}` : first;
    // Under /projects but not shaped by a resource (`/projects/*`): in every /projects bucket.
    const anyResource = first === 'projects' && !resource;
    this.#routes.push({ method, path, handler, key, anyResource });
    // Routes are added while the app is built, before any request: buckets are made on first use.
    this.#buckets = new Map();
  }

  match(method: string, path: string): Result<T> {
    if (path.length > 1 && path.endsWith('/')) return [[]];
    return this.#bucket(keyOf(path)).match(method, path);
  }

  #bucket(key: string): PatternRouter<T> {
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = new PatternRouter<T>();
      const inProjects = key.startsWith('projects/') || key === 'projects';
      for (const route of this.#routes) {
        // Every route that could match a path with this start: the bucket's own, the ones that
        // start with a parameter, and (under /projects) those not shaped by a resource.
        if (route.key === undefined || route.key === key || (inProjects && route.anyResource)) {
          bucket.add(route.method, route.path, route.handler);
        }
      }
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }
}

/** A path's bucket: its first segment, or `projects/<third>` for a path under a project. */
function keyOf(path: string): string {
  const end = path.indexOf('/', 1);
  const first = end < 0 ? path.slice(1) : path.slice(1, end);
  if (first !== 'projects' || end < 0) return first;
  const second = path.indexOf('/', end + 1);
  if (second < 0) return 'projects';
  const third = path.indexOf('/', second + 1);
  return `projects/${third < 0 ? path.slice(second + 1) : path.slice(second + 1, third)}`;
}
