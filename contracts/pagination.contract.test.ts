import { describe, expect, it } from 'vitest';
import { listOf } from '../src/schemas/common.js';
import { User } from '../src/schemas/user.js';
import { contract } from './lib/contract.js';

const c = contract('pagination');
const { api, itWrites } = c;
const UserList = listOf(User, 'UserList');

describe('pagination', () => {
  it('answers at most 10 items without a limit', async () => {
    const res = await api.get(api.p('/sims'));
    api.expectStatus(res, 200);
    expect(res.body.items.length).toBeLessThanOrEqual(10);
    expect(res.body.moreItemsBefore).toBeNull();
  });

  it('accepts limit=200 and refuses limit=201', async () => {
    api.expectStatus(await api.get(api.p('/plans?limit=200')), 200);
    const res = await api.get(api.p('/plans?limit=201'));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    api.soft('limit=201 answers 422', res.status === 422, `status ${res.status}`);
  });

  it('refuses after and before together', async () => {
    const res = await api.get(api.p('/users?after=usr_0000000000000000000000000000&before=usr_0000000000000000000000000001'));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    api.soft('after with before answers 422', res.status === 422, `status ${res.status}`);
  });

  itWrites('pages with moreItemsAfter and after, without overlap', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await c.createUser());
    const first = await api.get(api.p('/users?limit=2'), { schema: UserList });
    api.expectStatus(first, 200);
    api.expectValid(first);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.moreItemsAfter).toBe(first.body.items[1].id);
    expect(first.body.moreItemsBefore).toBeNull();
    expect(first.body.items[0].id).toBe(made[2]?.id);
    const next = await api.get(api.p(`/users?limit=2&after=${first.body.moreItemsAfter}`), { schema: UserList });
    api.expectStatus(next, 200);
    const firstIds = first.body.items.map((u: { id: string }) => u.id);
    for (const u of next.body.items) expect(firstIds).not.toContain(u.id);
    expect(next.body.items[0]?.id).toBe(made[0]?.id);
    expect(next.body.moreItemsBefore).toBe(next.body.items[0]?.id);
  });
});
