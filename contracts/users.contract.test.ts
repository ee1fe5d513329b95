import { describe, expect } from 'vitest';
import { listOf } from '../src/schemas/common.js';
import { User } from '../src/schemas/user.js';
import { contract } from './lib/contract.js';

const c = contract('users');
const { api, itWrites } = c;
const UserList = listOf(User, 'UserList');

describe('users', () => {
  itWrites('creates a user with emailVerified false and no birthday', async () => {
    const email = c.email();
    const res = await api.post(api.p('/users'), { email, fullName: 'Jerry Seinfeld', metadata: c.marker }, { schema: User });
    api.expectStatus(res, [200, 201]);
    api.expectValid(res);
    expect(res.body).toMatchObject({ object: 'user', email, emailVerified: false, birthday: null, fullName: 'Jerry Seinfeld' });
    expect(res.body.id).toMatch(/^usr_[0-9A-Za-z]+$/);
    expect(res.body.id.length).toBeLessThanOrEqual(64);
    expect(res.body.preferredLocale).toMatch(/\S/);
    api.soft('user create answers 201', res.status === 201, `status ${res.status}`);
    api.soft('a new user is active with empty metadata besides ours', res.body.status === 'active', `status ${res.body.status}`);
    await api.delete(api.p(`/users/${res.body.id}`));
  });

  itWrites('retrieves a user by id', async () => {
    const user = await c.createUser();
    const res = await api.get(api.p(`/users/${user.id}`), { schema: User });
    api.expectStatus(res, 200);
    api.expectValid(res);
    expect(res.body).toEqual(user);
  });

  itWrites('refuses a second user with the same email with userAlreadyExists', async () => {
    const user = await c.createUser();
    const res = await api.post(api.p('/users'), { email: user.email });
    expect(res.body.code).toBe('userAlreadyExists');
    api.soft('userAlreadyExists answers 422', res.status === 422, `status ${res.status}`);
  });

  itWrites('finds a user by email with search', async () => {
    const user = await c.createUser();
    const res = await api.post(api.p('/users/search'), { email: user.email }, { schema: UserList });
    api.expectStatus(res, 200);
    api.expectValid(res);
    expect(res.body.items.map((u: { id: string }) => u.id)).toEqual([user.id]);
  });

  itWrites('answers an empty list when searching an unknown email', async () => {
    const res = await api.post(api.p('/users/search'), { email: c.email() }, { schema: UserList });
    api.expectStatus(res, 200);
    expect(res.body).toMatchObject({ object: 'list', items: [] });
  });

  itWrites('merges metadata, deletes a key sent as null and rejects metadata null', async () => {
    const user = await c.createUser({ metadata: { ...c.marker, keep: 'a', drop: 'b' } });
    const merged = await api.patch(api.p(`/users/${user.id}`), { metadata: { drop: null, added: 'c' } }, { schema: User });
    api.expectStatus(merged, 200);
    expect(merged.body.metadata).toEqual({ ...c.marker, keep: 'a', added: 'c' });
    const rejected = await api.patch(api.p(`/users/${user.id}`), { metadata: null });
    api.expectStatus(rejected, 422);
    expect(rejected.body.type).toBe('invalid');
  });

  itWrites('rejects an eleventh metadata key, a 41-character key and a 256-character value', async () => {
    const user = await c.createUser();
    const eleven = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v']));
    for (const metadata of [eleven, { ['k'.repeat(41)]: 'v' }, { k: 'v'.repeat(256) }]) {
      const res = await api.patch(api.p(`/users/${user.id}`), { metadata });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.object).toBe('error');
    }
  });

  itWrites('lists users newest first', async () => {
    const first = await c.createUser();
    const second = await c.createUser();
    const res = await api.get(api.p('/users?limit=200'), { schema: UserList });
    api.expectStatus(res, 200);
    api.expectValid(res);
    const ids = res.body.items.map((u: { id: string }) => u.id);
    expect(ids.indexOf(second.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
  });
});
