import { describe, expect, it } from 'vitest';
import { ErrorBody } from '../../src/schemas/error.js';
import { Messages } from '../../src/store/errors.js';
import { call, GUIDE_ADDRESS, makeSim, p } from '../helpers.js';

/** Fixed by the reference (§2), so written out rather than taken from Messages. */
const UNAUTHENTICATED = { object: 'error', type: 'unauthenticated', message: 'Invalid authorization token' };
const NO_AUTH = { authorization: '' };

const strictSim = () => makeSim({ apiKeys: ['p1:k1', 'p2:k2'] });
const as = (key: string) => ({ authorization: `Bearer ${key}` });

describe('authentication', () => {
  it('returns 401 unauthenticated when the Authorization header is missing', async () => {
    const res = await call(makeSim(), 'GET', p('/users'), undefined, NO_AUTH);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(UNAUTHENTICATED);
  });

  it('returns 401 for an Authorization header that is not a bearer token', async () => {
    const res = await call(makeSim(), 'GET', p('/users'), undefined, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(UNAUTHENTICATED);
  });

  it('returns 401 for a bearer header without a token', async () => {
    const res = await call(makeSim(), 'GET', p('/users'), undefined, { authorization: 'Bearer   ' });
    expect(res.status).toBe(401);
  });

  it('returns 401 rather than 404 for an unknown user without a token', async () => {
    const res = await call(makeSim(), 'GET', p('/users/usr_unknown'), undefined, NO_AUTH);
    expect(res.status).toBe(401);
  });

  it('returns 401 rather than 404 for an unknown route without a token', async () => {
    const res = await call(makeSim(), 'GET', p('/nothing-here'), undefined, NO_AUTH);
    expect(res.status).toBe(401);
  });

  it('returns 401 rather than 422 for an invalid query parameter without a token', async () => {
    const res = await call(makeSim(), 'GET', p('/users?limit=9999&bogus=1'), undefined, NO_AUTH);
    expect(res.status).toBe(401);
  });

  it('returns 401 rather than 422 for an invalid body without a token', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { email: 'not-an-email' }, NO_AUTH);
    expect(res.status).toBe(401);
  });

  it('returns 401 rather than 400 for malformed JSON without a token', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), '{"email":', NO_AUTH);
    expect(res.status).toBe(401);
  });

  it('returns 401 rather than 415 for a wrong content type without a token', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), 'email=a', { ...NO_AUTH, 'content-type': 'text/plain' });
    expect(res.status).toBe(401);
  });

  it('does not create a project for a request without a token', async () => {
    const sim = makeSim();
    await call(sim, 'GET', '/projects/unseen/plans', undefined, NO_AUTH);
    expect(sim.store.hasProject('unseen')).toBe(false);
  });
});

describe('open mode', () => {
  it('accepts any non-empty token', async () => {
    const res = await call(makeSim(), 'GET', p('/users'), undefined, { authorization: 'Bearer anything-at-all' });
    expect(res.status).toBe(200);
  });

  it('creates a project on first use', async () => {
    const sim = makeSim();
    expect(sim.store.hasProject('fresh')).toBe(false);
    const res = await call(sim, 'GET', '/projects/fresh/users');
    expect(res.status).toBe(200);
    expect(sim.store.hasProject('fresh')).toBe(true);
  });

  it('seeds a new project with the plan catalogue', async () => {
    const res = await call(makeSim(), 'GET', '/projects/fresh/plans?limit=200');
    expect(res.body.items.length).toBeGreaterThanOrEqual(6);
  });

  it('keeps the data of two projects apart', async () => {
    const sim = makeSim();
    const user = await call(sim, 'POST', '/projects/a/users', { email: 'jerry@example.com' });
    expect((await call(sim, 'GET', `/projects/b/users/${user.body.id}`)).status).toBe(404);
    expect((await call(sim, 'POST', '/projects/b/users', { email: 'jerry@example.com' })).status).toBe(201);
  });

  it('returns 404 for a project id that is not a slug', async () => {
    const sim = makeSim();
    const res = await call(sim, 'GET', '/projects/not%20a%20slug/users');
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('notFound');
    expect(sim.store.projectIds()).not.toContain('not a slug');
  });
});

describe('strict mode', () => {
  it("accepts a key on its own project's path", async () => {
    const res = await call(strictSim(), 'GET', '/projects/p1/users', undefined, as('k1'));
    expect(res.status).toBe(200);
  });

  it('returns 401 for a key that is not configured', async () => {
    const res = await call(strictSim(), 'GET', '/projects/p1/users', undefined, as('k3'));
    expect(res.status).toBe(401);
    expect(res.body).toEqual(UNAUTHENTICATED);
  });

  it("returns 403 permissionDenied for a key on another project's path", async () => {
    const res = await call(strictSim(), 'GET', '/projects/p2/users', undefined, as('k1'));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ object: 'error', type: 'permissionDenied', message: Messages.permissionDenied });
  });

  it('returns 403 for a project that no key belongs to', async () => {
    const sim = strictSim();
    const res = await call(sim, 'GET', '/projects/p3/plans', undefined, as('k1'));
    expect(res.status).toBe(403);
    expect(sim.store.hasProject('p3')).toBe(false);
  });

  it("returns 403 rather than 404 for an unknown id on another project's path", async () => {
    const res = await call(strictSim(), 'GET', '/projects/p2/users/usr_unknown', undefined, as('k1'));
    expect(res.status).toBe(403);
  });

  it("does not show a user through another project's key", async () => {
    const sim = strictSim();
    const user = await call(sim, 'POST', '/projects/p1/users', { email: 'jerry@example.com' }, as('k1'));
    expect(user.status).toBe(201);
    expect((await call(sim, 'GET', `/projects/p2/users/${user.body.id}`, undefined, as('k2'))).status).toBe(404);
    expect((await call(sim, 'GET', '/projects/p2/users', undefined, as('k2'))).body.items).toEqual([]);
    const search = await call(sim, 'POST', '/projects/p2/users/search', { email: 'jerry@example.com' }, as('k2'));
    expect(search.body.items).toEqual([]);
  });

  it("does not let another project's key change a user", async () => {
    const sim = strictSim();
    const user = await call(sim, 'POST', '/projects/p1/users', { email: 'jerry@example.com' }, as('k1'));
    expect((await call(sim, 'PATCH', `/projects/p1/users/${user.body.id}`, { fullName: 'X' }, as('k2'))).status).toBe(403);
    expect((await call(sim, 'DELETE', `/projects/p1/users/${user.body.id}`, undefined, as('k2'))).status).toBe(403);
    expect((await call(sim, 'GET', `/projects/p1/users/${user.body.id}`, undefined, as('k1'))).body).toEqual(user.body);
  });

  it('seeds the configured projects with the plan catalogue', async () => {
    const res = await call(strictSim(), 'GET', '/projects/p2/plans', undefined, as('k2'));
    expect(res.body.items.length).toBeGreaterThanOrEqual(6);
  });
});

describe('request body errors', () => {
  it('returns 400 malformed for a body that is not valid JSON', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), '{"email": "jerry@example.com"');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ object: 'error', type: 'malformed', message: Messages.malformedJson });
  });

  it('returns 422 for a JSON body that is not an object', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), ['jerry@example.com']);
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('invalid');
  });

  it('returns 415 for a body sent as text/plain', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), JSON.stringify({ email: 'a@example.com' }), {
      'content-type': 'text/plain',
    });
    expect(res.status).toBe(415);
    expect(res.body).toEqual({ object: 'error', type: 'malformed', message: Messages.unsupportedMediaType });
  });

  it('returns 415 for a form-encoded body', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), 'email=a%40example.com', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
  });

  it('accepts application/json with a charset', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), JSON.stringify({ email: 'a@example.com' }), {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(res.status).toBe(201);
  });

  it('returns 413 with a Gigs error body for a body over 1 MB', async () => {
    const sim = makeSim();
    const res = await call(sim, 'POST', p('/users'), { email: 'a@example.com', fullName: 'x'.repeat(1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ object: 'error', type: 'malformed', message: Messages.bodyTooLarge });
    expect((await call(sim, 'GET', p('/users'))).body.items).toEqual([]);
  });

  it('accepts a body just under 1 MB as far as size goes', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { email: 'a@example.com', fullName: 'x'.repeat(1000 * 1000) });
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('fullName');
  });
});

describe('routes and query parameters', () => {
  it('returns 404 notFound for an unknown route under a project', async () => {
    const res = await call(makeSim(), 'GET', p('/gadgets'));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ object: 'error', type: 'notFound', message: Messages.routeNotFound });
  });

  it('returns 401 before 404 for an unknown route under a project when the token is missing', async () => {
    const res = await call(makeSim(), 'GET', p('/gadgets'), undefined, NO_AUTH);
    expect(res.status).toBe(401);
    expect(res.body.type).toBe('unauthenticated');
  });

  it('injects a requested error on an unknown route under a project, as on a known one', async () => {
    const res = await call(makeSim(), 'GET', p('/gadgets'), undefined, { 'x-gigs-mock-error': '503' });
    expect(res.status).toBe(503);
  });

  it('returns 404 notFound for an unknown route outside projects', async () => {
    const res = await call(makeSim(), 'GET', '/v1/anything', undefined, NO_AUTH);
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('notFound');
  });

  it('returns 422 naming an unknown query parameter', async () => {
    const res = await call(makeSim(), 'GET', p('/users?sort=asc'));
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ object: 'propertyErrorDetail', property: 'sort' })]);
  });

  it('returns one detail per unknown property', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { email: 'a@example.com', nickname: 'J', age: 40 });
    expect(res.status).toBe(422);
    expect(res.body.details.map((d: any) => d.property)).toEqual(['nickname', 'age']);
  });

  it('returns 422 for a query parameter on a route that takes none', async () => {
    const res = await call(makeSim(), 'POST', p('/users?dryRun=true'), { email: 'a@example.com' });
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('dryRun');
  });

  it('returns 422 for an empty filter value', async () => {
    const res = await call(makeSim(), 'GET', p('/plans?status='));
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('status');
  });

  it('returns 422 for an empty cursor', async () => {
    const res = await call(makeSim(), 'GET', p('/users?after='));
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('after');
  });

  it.each(['201', '-1', '1.5', 'abc', ''])('returns 422 naming limit for limit=%s', async (limit) => {
    const res = await call(makeSim(), 'GET', p(`/users?limit=${limit}`));
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('invalid');
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'limit', code: 'propertyInvalid' })]);
  });

  it('accepts limit=0 and limit=200', async () => {
    const sim = makeSim();
    expect((await call(sim, 'GET', p('/users?limit=0'))).status).toBe(200);
    expect((await call(sim, 'GET', p('/users?limit=200'))).status).toBe(200);
  });

  it('returns 422 when both after and before are given', async () => {
    const sim = makeSim();
    const a = await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    const b = await call(sim, 'POST', p('/users'), { email: 'b@example.com' });
    const res = await call(sim, 'GET', p(`/users?after=${a.body.id}&before=${b.body.id}`));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ object: 'error', type: 'invalid', message: Messages.cursorConflict });
  });
});

describe('error bodies', () => {
  it('are Gigs error objects with object, type and message for every kind of failure', async () => {
    const sim = makeSim();
    const user = await call(sim, 'POST', p('/users'), { email: 'jerry@example.com' });
    await call(sim, 'POST', p(`/users/${user.body.id}/addresses`), GUIDE_ADDRESS);
    const failures = [
      call(sim, 'GET', p('/users'), undefined, NO_AUTH),
      call(makeSim({ apiKeys: ['p1:k1', 'p2:k2'] }), 'GET', '/projects/p2/users', undefined, as('k1')),
      call(sim, 'GET', p('/users/usr_unknown')),
      call(sim, 'GET', p('/unknown')),
      call(sim, 'POST', p('/users'), '{'),
      call(sim, 'POST', p('/users'), 'x', { 'content-type': 'text/plain' }),
      call(sim, 'POST', p('/users'), { email: 'a@example.com', fullName: 'x'.repeat(1024 * 1024) }),
      call(sim, 'POST', p('/users'), { email: 'jerry@example.com' }),
      call(sim, 'POST', p('/users'), { birthday: 'x' }),
      call(sim, 'GET', p('/users?limit=201')),
      call(sim, 'GET', p('/plans?simType=')),
      call(sim, 'POST', p(`/users/${user.body.id}/addresses`), { ...GUIDE_ADDRESS, state: 'ny' }),
      call(sim, 'POST', p(`/users/${user.body.id}/addresses`), GUIDE_ADDRESS),
      call(sim, 'PATCH', p(`/users/${user.body.id}`), { metadata: null }),
    ];
    const statuses = new Set<number>();
    for (const res of await Promise.all(failures)) {
      statuses.add(res.status);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(ErrorBody.safeParse(res.body).success).toBe(true);
      expect(typeof res.body.message).toBe('string');
      expect(res.body.message.length).toBeGreaterThan(0);
    }
    expect([...statuses].sort()).toEqual([400, 401, 403, 404, 413, 415, 422]);
  });

  it('carry details with object, code, message and property for validation failures', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { email: 5, birthday: 'x', metadata: { ['k'.repeat(41)]: 'v' } });
    expect(res.status).toBe(422);
    expect(res.body.details).toHaveLength(3);
    for (const detail of res.body.details) {
      expect(Object.keys(detail).sort()).toEqual(['code', 'message', 'object', 'property']);
      expect(detail.object).toBe('propertyErrorDetail');
      expect(['propertyRequired', 'propertyInvalid']).toContain(detail.code);
    }
  });
});
