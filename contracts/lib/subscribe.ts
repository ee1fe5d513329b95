import { expect } from 'vitest';
import { Subscription } from '../../src/schemas/subscription.js';
import { type contract, GUIDE_ADDRESS } from './contract.js';
import { eventually } from './eventually.js';

type Contract = ReturnType<typeof contract>;

/** The first available eSIM plan whose requirements a test user can meet (no device needed). */
export async function pickESimPlan(c: Contract) {
  const res = await c.api.get(c.api.p('/plans?simType=eSIM&status=available&limit=200'));
  c.api.expectStatus(res, 200);
  const plan = res.body.items.find((p: { requirements?: { device?: string } }) => (p.requirements?.device ?? 'none') === 'none');
  expect(plan, 'an available eSIM plan without a device requirement').toBeDefined();
  return plan;
}

/** The guide's flow up to a new subscription: user (with name and birthday), address, subscription. */
export async function subscribe(c: Contract) {
  const plan = await pickESimPlan(c);
  const user = await c.createUser({ birthday: '1990-07-21' });
  const address = await c.api.post(c.api.p(`/users/${user.id}/addresses`), GUIDE_ADDRESS);
  c.api.expectStatus(address, [200, 201]);
  const res = await c.api.post(
    c.api.p('/subscriptions'),
    { plan: plan.id, user: user.id, sim: 'auto', userAddress: address.body.id, metadata: c.marker },
    { schema: Subscription },
  );
  c.api.expectStatus(res, [200, 201]);
  c.track(res.body.id);
  return { plan, user, address: address.body, subscription: res.body };
}

/** Polls the subscription until it is active, as the guide's second option describes. */
export function untilActive(c: Contract, id: string) {
  return eventually(
    async () => {
      const res = await c.api.get(c.api.p(`/subscriptions/${id}`), { schema: Subscription });
      expect(res.body.status).toBe('active');
      return res;
    },
    { timeoutMs: c.target.timeoutMs, what: `subscription ${id} to become active` },
  );
}
