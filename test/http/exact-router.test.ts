import { PatternRouter } from 'hono/router/pattern-router';
import { describe, expect, it } from 'vitest';
import { ExactPatternRouter } from '../../src/http/exact-router.js';
import { makeSim } from '../helpers.js';

function router() {
  const r = new ExactPatternRouter<string>();
  r.add('ALL', '/*', 'every');
  r.add('GET', '/projects/:project/users', 'list');
  r.add('GET', '/projects/:project/users/:user', 'one');
  r.add('POST', '/projects/:project/users/search', 'search');
  return r;
}
const names = (result: ReturnType<ExactPatternRouter<string>['match']>) => result[0].map(([handler]) => handler);

describe('ExactPatternRouter', () => {
  it('matches a path with its parameters, middleware first', () => {
    const [matches] = router().match('GET', '/projects/p/users/usr_1');
    expect(matches.map(([handler]) => handler)).toEqual(['every', 'one']);
    expect(matches[1]?.[1]).toMatchObject({ project: 'p', user: 'usr_1' });
  });

  it('tells a static segment from a parameter by method', () => {
    expect(names(router().match('POST', '/projects/p/users/search'))).toEqual(['every', 'search']);
    expect(names(router().match('GET', '/projects/p/users/search'))).toEqual(['every', 'one']);
  });

  it('matches nothing for a path with a trailing slash', () => {
    expect(names(router().match('GET', '/projects/p/users/'))).toEqual([]);
    expect(names(router().match('GET', '/projects/p/users/usr_1/'))).toEqual([]);
  });

  it('still matches the root path', () => {
    expect(names(router().match('GET', '/'))).toEqual(['every']);
  });
});

/** Paths a route's pattern stands for: its parameters and wildcards filled in, a few ways. */
function samplePaths(pattern: string): string[] {
  return ['x1', 'usr_1', 'users'].map((value) => pattern.replace(/:\w+(\{[^}]*\})?/g, value).replace(/\*/g, `${value}/more`));
}

describe('the bucketed pattern router', () => {
  it('finds exactly the routes, in the same order, that one PatternRouter over all routes finds', () => {
    const sim = makeSim();
    const routes = sim.app.routes;
    const bucketed = new ExactPatternRouter<number>();
    const plain = new PatternRouter<number>();
    routes.forEach((route, i) => {
      bucketed.add(route.method, route.path, i);
      plain.add(route.method, route.path, i);
    });
    const paths = new Set<string>(['/', '/projects', '/projects/p', '/unknown', '/projects/p/unknown/x', '/__mock']);
    for (const route of routes) for (const path of samplePaths(route.path)) paths.add(path);
    expect(paths.size).toBeGreaterThan(150);
    for (const path of paths) {
      if (path.length > 1 && path.endsWith('/')) continue;
      for (const method of ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS']) {
        const ids = (result: ReturnType<PatternRouter<number>['match']>) =>
          result[0].map(([handler, params]) => [handler, params]);
        expect(ids(bucketed.match(method, path)), `${method} ${path}`).toEqual(ids(plain.match(method, path)));
      }
    }
  });

  it('puts a route that starts with a parameter or a wildcard in every bucket, in order', () => {
    const router = new ExactPatternRouter<string>();
    router.add('ALL', '*', 'every');
    router.add('GET', '/projects/:project/users', 'users');
    router.add('ALL', '/projects/*', 'under-projects');
    router.add('GET', '/:anything/users', 'param-first');
    const namesOf = (path: string) => router.match('GET', path)[0].map(([name]) => name);
    expect(namesOf('/projects/p/users')).toEqual(['every', 'users', 'under-projects']);
    expect(namesOf('/projects/users')).toEqual(['every', 'under-projects', 'param-first']);
    expect(namesOf('/projects/p/plans')).toEqual(['every', 'under-projects']);
    expect(namesOf('/other/users')).toEqual(['every', 'param-first']);
    expect(namesOf('/projects/p/users/')).toEqual([]);
  });
});
