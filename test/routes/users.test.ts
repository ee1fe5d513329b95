import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { Messages } from '../../src/store/errors.js';
import { call, guideUser, makeSim, p } from '../helpers.js';

const JERRY = { email: 'jerry@example.com', fullName: 'Jerry Seinfeld' };

async function createUser(sim: Simulator, body: Record<string, unknown> = JERRY) {
  const res = await call(sim, 'POST', p('/users'), body);
  expect(res.status).toBe(201);
  return res.body;
}

const tenKeys = () => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, `v${i}`]));

describe('POST /projects/{project}/users', () => {
  it('returns 201 with exactly the fields of a user', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), JERRY);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'object',
        'id',
        'metadata',
        'birthday',
        'createdAt',
        'email',
        'emailVerified',
        'fullName',
        'preferredLocale',
        'status',
      ].sort(),
    );
  });

  it('returns the guide user with the documented defaults', async () => {
    const user = await createUser(makeSim());
    expect(user).toEqual(guideUser(user.id));
  });

  it('returns an id of usr_ and 28 base-62 characters', async () => {
    expect((await createUser(makeSim())).id).toMatch(/^usr_[0-9A-Za-z]{28}$/);
  });

  it('returns createdAt as an ISO UTC timestamp from the injected clock', async () => {
    const sim = makeSim();
    sim.clock.advance(3_723_000);
    const user = await createUser(sim);
    expect(user.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(user.createdAt).toBe('2026-01-01T01:02:03Z');
  });

  it('returns identical bodies in two simulators with the same seed', async () => {
    const a = makeSim({ seed: 'x' });
    const b = makeSim({ seed: 'x' });
    const first = [await createUser(a), await createUser(a, { email: 'elaine@example.com' })];
    const second = [await createUser(b), await createUser(b, { email: 'elaine@example.com' })];
    expect(second).toEqual(first);
  });

  it('returns different ids in two simulators with different seeds', async () => {
    const a = await createUser(makeSim({ seed: 'x' }));
    const b = await createUser(makeSim({ seed: 'y' }));
    expect(a.id).not.toBe(b.id);
  });

  it('keeps the birthday, locale and metadata sent', async () => {
    const user = await createUser(makeSim(), {
      email: 'a@example.com',
      birthday: '2017-07-21',
      preferredLocale: 'de-DE',
      metadata: { crmId: '42' },
    });
    expect(user).toMatchObject({ birthday: '2017-07-21', preferredLocale: 'de-DE', metadata: { crmId: '42' } });
  });

  it.each([['21-07-2017'], ['2017-7-21'], ['2017/07/21'], ['2017-02-30'], ['2017-07-21T00:00:00Z']])(
    'returns 422 naming birthday for %s',
    async (birthday) => {
      const res = await call(makeSim(), 'POST', p('/users'), { email: 'a@example.com', birthday });
      expect(res.status).toBe(422);
      expect(res.body.details).toEqual([expect.objectContaining({ object: 'propertyErrorDetail', property: 'birthday' })]);
    },
  );

  it('returns 422 with propertyRequired when the email is missing', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { fullName: 'Jerry Seinfeld' });
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('invalid');
    expect(res.body.details).toEqual([
      { object: 'propertyErrorDetail', code: 'propertyRequired', message: expect.any(String), property: 'email' },
    ]);
  });

  it('returns 422 with propertyInvalid, not propertyRequired, for an email of the wrong type', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { email: 42 });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ code: 'propertyInvalid', property: 'email' })]);
  });

  it('returns 422 naming each bad property', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { email: 'not-an-email', birthday: 'soon', preferredLocale: '' });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(Messages.validation);
    expect(res.body.details.map((d: any) => d.property).sort()).toEqual(['birthday', 'email', 'preferredLocale']);
  });

  it('returns 422 for an unknown property', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { ...JERRY, nickname: 'J' });
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('nickname');
  });

  it('returns 422 for a status or emailVerified sent by the client', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { ...JERRY, emailVerified: true });
    expect(res.status).toBe(422);
  });

  it('returns 422 userAlreadyExists for an email that is taken', async () => {
    const sim = makeSim();
    await createUser(sim);
    const res = await call(sim, 'POST', p('/users'), JERRY);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ object: 'error', type: 'invalid', code: 'userAlreadyExists' });
    expect(res.body.message).toBe(Messages.userAlreadyExists);
  });

  it('returns userAlreadyExists for an email that differs only in case', async () => {
    const sim = makeSim();
    await createUser(sim);
    const res = await call(sim, 'POST', p('/users'), { email: 'Jerry@EXAMPLE.com' });
    expect(res.body.code).toBe('userAlreadyExists');
  });

  it('returns 409 userAlreadyExists when the simulator is configured with conflictStatus 409', async () => {
    const sim = makeSim({ conflictStatus: 409 });
    await createUser(sim);
    const res = await call(sim, 'POST', p('/users'), JERRY);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ type: 'conflict', code: 'userAlreadyExists' });
  });

  it('keeps type invalid on the default 422 duplicate', async () => {
    const sim = makeSim();
    await createUser(sim);
    expect((await call(sim, 'POST', p('/users'), JERRY)).body).toMatchObject({ type: 'invalid', code: 'userAlreadyExists' });
  });

  it('creates nothing when the request is invalid', async () => {
    const sim = makeSim();
    await call(sim, 'POST', p('/users'), { email: 'a@example.com', metadata: null });
    expect((await call(sim, 'GET', p('/users'))).body.items).toEqual([]);
  });
});

describe('GET /projects/{project}/users/{user}', () => {
  it('returns the user as it was created', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const res = await call(sim, 'GET', p(`/users/${user.id}`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(user);
  });

  it('returns 404 notFound when the user does not exist', async () => {
    const res = await call(makeSim(), 'GET', p('/users/usr_0SNlurA049MEWV4OpCwsNyC9Kn2d'));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ object: 'error', type: 'notFound', message: Messages.notFound('user') });
  });

  it('returns 422 for an unknown query parameter', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    expect((await call(sim, 'GET', p(`/users/${user.id}?expand=all`))).status).toBe(422);
  });
});

describe('GET /projects/{project}/users', () => {
  it('returns an empty list for a new project', async () => {
    const res = await call(makeSim(), 'GET', p('/users'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ object: 'list', items: [], moreItemsAfter: null, moreItemsBefore: null });
  });

  it('lists users newest first', async () => {
    const sim = makeSim();
    const first = await createUser(sim, { email: 'a@example.com' });
    sim.clock.advance(1000);
    const second = await createUser(sim, { email: 'b@example.com' });
    const res = await call(sim, 'GET', p('/users'));
    expect(res.body.items.map((u: any) => u.id)).toEqual([second.id, first.id]);
  });

  it('returns 10 users by default and sets moreItemsAfter to the last one', async () => {
    const sim = makeSim();
    for (let i = 0; i < 12; i++) await createUser(sim, { email: `u${i}@example.com` });
    const res = await call(sim, 'GET', p('/users'));
    expect(res.body.items).toHaveLength(10);
    expect(res.body.moreItemsAfter).toBe(res.body.items[9].id);
    expect(res.body.moreItemsBefore).toBeNull();
  });

  it('returns the next page with ?after= and no overlap', async () => {
    const sim = makeSim();
    const created = [];
    for (let i = 0; i < 12; i++) created.push(await createUser(sim, { email: `u${i}@example.com` }));
    const first = await call(sim, 'GET', p('/users'));
    const second = await call(sim, 'GET', p(`/users?after=${first.body.moreItemsAfter}`));
    expect(second.body.items.map((u: any) => u.id)).toEqual([created[1].id, created[0].id]);
    expect(second.body.moreItemsAfter).toBeNull();
    expect(second.body.moreItemsBefore).toBe(created[1].id);
  });

  it('returns the previous page with ?before=', async () => {
    const sim = makeSim();
    for (let i = 0; i < 6; i++) await createUser(sim, { email: `u${i}@example.com` });
    const first = await call(sim, 'GET', p('/users?limit=3'));
    const second = await call(sim, 'GET', p(`/users?limit=3&after=${first.body.moreItemsAfter}`));
    const back = await call(sim, 'GET', p(`/users?limit=3&before=${second.body.moreItemsBefore}`));
    expect(back.body.items).toEqual(first.body.items);
  });

  it('honours limit=200', async () => {
    const sim = makeSim();
    for (let i = 0; i < 12; i++) await createUser(sim, { email: `u${i}@example.com` });
    const res = await call(sim, 'GET', p('/users?limit=200'));
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(12);
  });

  it('returns no users with limit=0', async () => {
    const sim = makeSim();
    await createUser(sim);
    const res = await call(sim, 'GET', p('/users?limit=0'));
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('returns 422 naming after for a cursor that is not a user id', async () => {
    const res = await call(makeSim(), 'GET', p('/users?after=usr_unknown'));
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(Messages.unknownCursor);
    expect(res.body.details[0].property).toBe('after');
  });
});

describe('PATCH /projects/{project}/users/{user}', () => {
  it('changes only the fields sent', async () => {
    const sim = makeSim();
    const user = await createUser(sim, { ...JERRY, birthday: '1954-04-29', metadata: { a: '1' } });
    const res = await call(sim, 'PATCH', p(`/users/${user.id}`), { fullName: 'Jerome Seinfeld' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...user, fullName: 'Jerome Seinfeld' });
  });

  it('persists the change for a later GET', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    await call(sim, 'PATCH', p(`/users/${user.id}`), { preferredLocale: 'fr-FR' });
    expect((await call(sim, 'GET', p(`/users/${user.id}`))).body.preferredLocale).toBe('fr-FR');
  });

  it('changes nothing for an empty body', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const res = await call(sim, 'PATCH', p(`/users/${user.id}`), {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual(user);
  });

  it('clears fullName and birthday set to null', async () => {
    const sim = makeSim();
    const user = await createUser(sim, { ...JERRY, birthday: '1954-04-29' });
    const res = await call(sim, 'PATCH', p(`/users/${user.id}`), { fullName: null, birthday: null });
    expect(res.body).toMatchObject({ fullName: null, birthday: null });
  });

  it('changes the email to a free one', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const res = await call(sim, 'PATCH', p(`/users/${user.id}`), { email: 'jerome@example.com' });
    expect(res.body.email).toBe('jerome@example.com');
  });

  it('returns 422 userAlreadyExists when the new email is taken, and keeps the user unchanged', async () => {
    const sim = makeSim();
    await createUser(sim, { email: 'elaine@example.com' });
    const user = await createUser(sim);
    const res = await call(sim, 'PATCH', p(`/users/${user.id}`), { email: 'ELAINE@example.com', fullName: 'X' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('userAlreadyExists');
    expect((await call(sim, 'GET', p(`/users/${user.id}`))).body).toEqual(user);
  });

  it('returns 422 for birthday in another format', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const res = await call(sim, 'PATCH', p(`/users/${user.id}`), { birthday: '07/21/2017' });
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('birthday');
  });

  it('returns 422 for status sent by the client', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    expect((await call(sim, 'PATCH', p(`/users/${user.id}`), { status: 'blocked' })).status).toBe(422);
  });

  it('returns 404 notFound when the user does not exist', async () => {
    const res = await call(makeSim(), 'PATCH', p('/users/usr_unknown'), { fullName: 'X' });
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('notFound');
  });

  it('returns 404 rather than 422 when the user does not exist and the body is invalid', async () => {
    const res = await call(makeSim(), 'PATCH', p('/users/usr_unknown'), { metadata: null });
    expect(res.status).toBe(404);
  });

  it('returns 422 userDeleted for a deleted user', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    await call(sim, 'DELETE', p(`/users/${user.id}`));
    const res = await call(sim, 'PATCH', p(`/users/${user.id}`), { fullName: 'X' });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(Messages.userDeleted);
  });
});

describe('user metadata', () => {
  it('merges keys on PATCH', async () => {
    const sim = makeSim();
    const user = await createUser(sim, { ...JERRY, metadata: { a: '1' } });
    const res = await call(sim, 'PATCH', p(`/users/${user.id}`), { metadata: { b: '2' } });
    expect(res.body.metadata).toEqual({ a: '1', b: '2' });
  });

  it('deletes a key whose value is null', async () => {
    const sim = makeSim();
    const user = await createUser(sim, { ...JERRY, metadata: { a: '1', b: '2' } });
    const res = await call(sim, 'PATCH', p(`/users/${user.id}`), { metadata: { a: null } });
    expect(res.body.metadata).toEqual({ b: '2' });
  });

  it('stores an empty string value', async () => {
    const sim = makeSim();
    const user = await createUser(sim, { ...JERRY, metadata: { a: '1' } });
    const res = await call(sim, 'PATCH', p(`/users/${user.id}`), { metadata: { a: '' } });
    expect(res.body.metadata).toEqual({ a: '' });
  });

  it('changes nothing for an empty metadata object', async () => {
    const sim = makeSim();
    const user = await createUser(sim, { ...JERRY, metadata: { a: '1' } });
    const res = await call(sim, 'PATCH', p(`/users/${user.id}`), { metadata: {} });
    expect(res.body.metadata).toEqual({ a: '1' });
  });

  it('returns 422 invalid naming metadata for metadata: null', async () => {
    const sim = makeSim();
    const user = await createUser(sim, { ...JERRY, metadata: { a: '1' } });
    const res = await call(sim, 'PATCH', p(`/users/${user.id}`), { metadata: null });
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('invalid');
    expect(res.body.details[0].property).toBe('metadata');
  });

  it('accepts 10 keys', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { ...JERRY, metadata: tenKeys() });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body.metadata)).toHaveLength(10);
  });

  it('returns 422 for 11 keys', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { ...JERRY, metadata: { ...tenKeys(), k10: 'v' } });
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('metadata');
  });

  it('returns 422 when a PATCH would bring the user to 11 keys', async () => {
    const sim = makeSim();
    const user = await createUser(sim, { ...JERRY, metadata: tenKeys() });
    const res = await call(sim, 'PATCH', p(`/users/${user.id}`), { metadata: { k10: 'v' } });
    expect(res.status).toBe(422);
    expect((await call(sim, 'GET', p(`/users/${user.id}`))).body.metadata).toEqual(tenKeys());
  });

  it('accepts a 40-character key', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { ...JERRY, metadata: { ['k'.repeat(40)]: 'v' } });
    expect(res.status).toBe(201);
  });

  it('returns 422 naming the key for a 41-character key', async () => {
    const key = 'k'.repeat(41);
    const res = await call(makeSim(), 'POST', p('/users'), { ...JERRY, metadata: { [key]: 'v' } });
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe(`metadata.${key}`);
  });

  it('returns 422 for an empty key', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { ...JERRY, metadata: { '': 'v' } });
    expect(res.status).toBe(422);
  });

  it('accepts a 255-character value', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { ...JERRY, metadata: { a: 'v'.repeat(255) } });
    expect(res.status).toBe(201);
  });

  it('returns 422 for a 256-character value', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { ...JERRY, metadata: { a: 'v'.repeat(256) } });
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('metadata.a');
  });

  it('returns 422 for a value that is not a string', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { ...JERRY, metadata: { a: 1 } });
    expect(res.status).toBe(422);
  });

  it('stores __proto__ and constructor keys as plain data', async () => {
    const sim = makeSim();
    const body = `{"email":"jerry@example.com","metadata":{"__proto__":"p","constructor":"c"}}`;
    const created = await call(sim, 'POST', p('/users'), body);
    expect(created.status).toBe(201);
    const fetched = await call(sim, 'GET', p(`/users/${created.body.id}`));
    expect(Object.keys(fetched.body.metadata).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(fetched.body.metadata, '__proto__')?.value).toBe('p');
    expect(fetched.body.metadata.constructor).toBe('c');
  });

  it('does not pollute Object.prototype through a __proto__ key', async () => {
    const sim = makeSim();
    const before = Object.getOwnPropertyNames(Object.prototype);
    const res = await call(sim, 'POST', p('/users'), `{"email":"jerry@example.com","metadata":{"__proto__":{"polluted":"yes"}}}`);
    expect(res.status).toBe(422);
    await call(sim, 'POST', p('/users'), `{"email":"elaine@example.com","metadata":{"__proto__":"p"}}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(before);
  });

  it('leaves the user unchanged when a PATCH has a valid fullName and invalid metadata', async () => {
    const sim = makeSim();
    const user = await createUser(sim, { ...JERRY, metadata: { a: '1' } });
    const res = await call(sim, 'PATCH', p(`/users/${user.id}`), { fullName: 'Jerome', metadata: { b: 'v'.repeat(256) } });
    expect(res.status).toBe(422);
    expect((await call(sim, 'GET', p(`/users/${user.id}`))).body).toEqual(user);
  });

  it('leaves the user unchanged when a PATCH has a valid fullName and metadata: null', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    await call(sim, 'PATCH', p(`/users/${user.id}`), { fullName: 'Jerome', metadata: null });
    expect((await call(sim, 'GET', p(`/users/${user.id}`))).body).toEqual(user);
  });
});

describe('DELETE /projects/{project}/users/{user}', () => {
  it('returns the user with status deleted', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const res = await call(sim, 'DELETE', p(`/users/${user.id}`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...user, status: 'deleted' });
  });

  it('keeps the user retrievable with status deleted', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    await call(sim, 'DELETE', p(`/users/${user.id}`));
    const res = await call(sim, 'GET', p(`/users/${user.id}`));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('deleted');
  });

  it('removes the user from the list', async () => {
    const sim = makeSim();
    const kept = await createUser(sim, { email: 'elaine@example.com' });
    const user = await createUser(sim);
    await call(sim, 'DELETE', p(`/users/${user.id}`));
    expect((await call(sim, 'GET', p('/users'))).body.items.map((u: any) => u.id)).toEqual([kept.id]);
  });

  it('removes the user from search', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    await call(sim, 'DELETE', p(`/users/${user.id}`));
    const res = await call(sim, 'POST', p('/users/search'), { email: JERRY.email });
    expect(res.body.items).toEqual([]);
  });

  it('frees the email for a new user', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    await call(sim, 'DELETE', p(`/users/${user.id}`));
    const res = await call(sim, 'POST', p('/users'), JERRY);
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe(user.id);
  });

  it('returns 404 notFound when the user does not exist', async () => {
    const res = await call(makeSim(), 'DELETE', p('/users/usr_unknown'));
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('notFound');
  });
});

describe('POST /projects/{project}/users/search', () => {
  it('returns a list with the user of that email', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const res = await call(sim, 'POST', p('/users/search'), { email: 'jerry@example.com' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ object: 'list', items: [user], moreItemsAfter: null, moreItemsBefore: null });
  });

  it('matches the email ignoring case', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const res = await call(sim, 'POST', p('/users/search'), { email: 'JERRY@example.COM' });
    expect(res.body.items.map((u: any) => u.id)).toEqual([user.id]);
  });

  it('returns an empty list for an unknown email', async () => {
    const sim = makeSim();
    await createUser(sim);
    const res = await call(sim, 'POST', p('/users/search'), { email: 'nobody@example.com' });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('returns 422 naming email when the email is missing', async () => {
    const res = await call(makeSim(), 'POST', p('/users/search'), {});
    expect(res.status).toBe(422);
    expect(res.body.details[0]).toMatchObject({ property: 'email', code: 'propertyRequired' });
  });
});
