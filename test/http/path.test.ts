import { describe, expect, it } from 'vitest';
import { normalizePath } from '../../src/engine/paths.js';
import { routingPath } from '../../src/http/path.js';

describe('normalizePath', () => {
  it.each([
    ['/projects/p//plans', '/projects/p/plans'],
    ['//projects/p/plans', '/projects/p/plans'],
    ['/projects/p/plans/', '/projects/p/plans'],
    ['/projects///p////plans//', '/projects/p/plans'],
    ['/', '/'],
    ['//', '/'],
  ])('reads %s as %s', (given, expected) => {
    expect(normalizePath(given)).toBe(expected);
  });

  it('returns a normal path as it is', () => {
    const path = '/projects/p/users/usr_1';
    expect(normalizePath(path)).toBe(path);
  });

  it('leaves percent-encoded slashes and dots alone', () => {
    expect(normalizePath('/projects/p/users/usr_x%2F..')).toBe('/projects/p/users/usr_x%2F..');
    expect(normalizePath('/projects/p/users/%2F%2F/')).toBe('/projects/p/users/%2F%2F');
  });
});

describe('routingPath', () => {
  it('normalises the path and leaves the query string alone', () => {
    const request = new Request('http://h/projects/p//plans/?x=//y&after=a//b');
    expect(routingPath(request)).toBe('/projects/p/plans');
    expect(new URL(request.url).searchParams.get('x')).toBe('//y');
  });

  it('leaves an empty project segment as it is, so it names no project', () => {
    expect(routingPath(new Request('http://h/projects//plans'))).toBe('/projects//plans');
    expect(routingPath(new Request('http://h//projects///plans'))).toBe('//projects///plans');
  });
});
