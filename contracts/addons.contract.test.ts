import { describe, expect, it } from 'vitest';
import { Addon } from '../src/schemas/addon.js';
import { listOf } from '../src/schemas/common.js';
import { contract } from './lib/contract.js';

const { api } = contract('addons');
const AddonList = listOf(Addon, 'AddonList');

// Read-only: the example app lists available add-ons of the subscription's provider.
describe('addons', () => {
  it('lists add-ons with the add-on schema', async () => {
    const res = await api.get(api.p('/addons?limit=200'), { schema: AddonList });
    api.expectStatus(res, 200);
    api.expectValid(res);
    expect(res.body.object).toBe('list');
  });

  it('filters by status and provider, as the example app does', async () => {
    const all = await api.get(api.p('/addons?limit=200'), { schema: AddonList });
    const provider = all.body.items[0]?.provider;
    if (!provider) return api.soft('the project has at least one add-on', false, 'no add-ons listed');
    const res = await api.get(api.p(`/addons?status=available&provider=${provider}`), { schema: AddonList });
    api.expectStatus(res, 200);
    for (const addon of res.body.items) expect(addon).toMatchObject({ status: 'available', provider });
  });

  it('retrieves a listed add-on by id, and 404 for an unknown one', async () => {
    const listed = (await api.get(api.p('/addons?limit=1'))).body.items[0];
    if (listed) {
      const res = await api.get(api.p(`/addons/${listed.id}`), { schema: Addon });
      api.expectStatus(res, 200);
      expect(res.body).toEqual(listed);
    }
    const missing = await api.get(api.p('/addons/add_0000000000000000000000000000'));
    api.expectStatus(missing, 404);
  });
});
