import { describe, expect, it } from 'vitest';
import { listOf } from '../src/schemas/common.js';
import { Plan } from '../src/schemas/plan.js';
import { contract } from './lib/contract.js';

const { api } = contract('paths');
const PlanList = listOf(Plan, 'PlanList');
const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

// Gigs' example app (gigs/connect-sessions-buy-manage-example, lib/api.ts) sends every request with
// a double slash after the project, and works against the real API: read-only checks that the
// target answers such paths as the resource itself.
describe('paths', () => {
  it('answers a double slash after the project as the resource', async () => {
    const plain = await api.get(api.p('/plans?limit=5'), { schema: PlanList });
    const doubled = await api.get(api.p('//plans?limit=5'), { schema: PlanList });
    api.expectStatus(doubled, 200);
    api.expectValid(doubled);
    expect(ids(doubled.body)).toEqual(ids(plain.body));
  });

  it('answers a trailing slash as the resource', async () => {
    const plain = await api.get(api.p('/plans?limit=5'), { schema: PlanList });
    const trailing = await api.get(api.p('/plans/?limit=5'), { schema: PlanList });
    api.expectStatus(trailing, 200);
    expect(ids(trailing.body)).toEqual(ids(plain.body));
  });

  it('searches users through a double-slash path, as the example app does', async () => {
    const res = await api.post(api.p('//users/search'), { email: 'nobody-contract@example.com' });
    api.expectStatus(res, 200);
    expect(res.body).toMatchObject({ object: 'list', items: [] });
  });

  it('keeps an encoded slash inside an id: not a traversal', async () => {
    const res = await api.get(api.p('/users/usr_x%2F..'));
    api.expectStatus(res, 404);
    expect(res.body).toMatchObject({ object: 'error', type: 'notFound' });
  });

  it('answers a Gigs resource either as Gigs does or as not implemented, never as an unknown path', async () => {
    const res = await api.get(api.p('/devices?limit=1'));
    if (res.status === 501) {
      expect(res.body).toMatchObject({ object: 'error', type: 'notImplemented' });
      return api.soft('devices are served', false, 'the target does not simulate devices (501 notImplemented)');
    }
    api.expectStatus(res, 200);
    expect(res.body.object).toBe('list');
  });
});
