import { describe, expect, it } from 'vitest';
import { normalizePath } from '../../src/http/path.js';

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
