import { describe, expect, it } from 'vitest';
import { ExactPatternRouter } from '../../src/http/exact-router.js';

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
