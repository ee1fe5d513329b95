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
 */
export class ExactPatternRouter<T> implements Router<T> {
  readonly name = 'ExactPatternRouter';
  readonly #inner = new PatternRouter<T>();

  add(method: string, path: string, handler: T): void {
    this.#inner.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    if (path.length > 1 && path.endsWith('/')) return [[]];
    return this.#inner.match(method, path);
  }
}
