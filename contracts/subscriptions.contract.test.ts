import { describe, expect } from 'vitest';
import { listOf } from '../src/schemas/common.js';
import { Subscription, SubscriptionStatus } from '../src/schemas/subscription.js';
import { contract } from './lib/contract.js';
import { subscribe, untilActive } from './lib/subscribe.js';

const c = contract('subscriptions');
const { api, itSubscribes } = c;
const SubscriptionList = listOf(Subscription, 'SubscriptionList');

describe('subscriptions', () => {
  itSubscribes('creates an eSIM subscription that starts pending with embedded plan and user', async () => {
    const { plan, user, address, subscription } = await subscribe(c);
    const res = await api.get(api.p(`/subscriptions/${subscription.id}`), { schema: Subscription });
    api.expectValid(res);
    expect(SubscriptionStatus.options).toContain(subscription.status);
    expect(['pending', 'initiated', 'active']).toContain(subscription.status);
    expect(subscription.plan.id).toBe(plan.id);
    expect(subscription.user.id).toBe(user.id);
    expect(subscription.userAddress).toBe(address.id);
    expect(subscription.endedAt).toBeNull();
    if (subscription.status !== 'active') expect(subscription.currentPeriod).toBeNull();
    api.soft(
      'a new eSIM subscription is pending with sim null (guide)',
      subscription.status === 'pending' && subscription.sim === null,
      `status ${subscription.status}, sim ${JSON.stringify(subscription.sim)}`,
    );
    api.soft(
      'the phone number is E.164',
      /^\+[1-9]\d{1,14}$/.test(subscription.phoneNumber ?? ''),
      String(subscription.phoneNumber),
    );
  });

  itSubscribes('becomes active with a SIM, activatedAt and a current period', async () => {
    const { plan, subscription } = await subscribe(c);
    const res = await untilActive(c, subscription.id);
    api.expectValid(res);
    expect(res.body.activatedAt).not.toBeNull();
    expect(res.body.currentPeriod).toMatchObject({ number: 1 });
    expect(res.body.sim).toMatchObject({ object: 'sim', type: 'eSIM', status: 'active', provider: plan.provider });
  });

  itSubscribes('finds the subscription by phone number and by user filter', async () => {
    const { user, subscription } = await subscribe(c);
    const byUser = await api.get(api.p(`/subscriptions?user=${user.id}`), { schema: SubscriptionList });
    api.expectStatus(byUser, 200);
    api.expectValid(byUser);
    expect(byUser.body.items.map((s: { id: string }) => s.id)).toEqual([subscription.id]);
    if (subscription.phoneNumber) {
      const found = await api.post(
        api.p('/subscriptions/search'),
        { phoneNumber: subscription.phoneNumber },
        { schema: SubscriptionList },
      );
      api.expectStatus(found, 200);
      expect(found.body.items.map((s: { id: string }) => s.id)).toContain(subscription.id);
    }
  });

  itSubscribes('updates metadata with PATCH', async () => {
    const { subscription } = await subscribe(c);
    const res = await api.patch(
      api.p(`/subscriptions/${subscription.id}`),
      { metadata: { note: 'hello' } },
      { schema: Subscription },
    );
    api.expectStatus(res, 200);
    expect(res.body.metadata).toMatchObject({ ...c.marker, note: 'hello' });
  });

  itSubscribes('cancels at the period end, resumes, then ends for good', async () => {
    const { subscription } = await subscribe(c);
    await untilActive(c, subscription.id);
    const canceled = await api.post(api.p(`/subscriptions/${subscription.id}/cancel`), undefined, { schema: Subscription });
    api.soft('cancel is POST /subscriptions/{id}/cancel', canceled.status === 200, `status ${canceled.status}`);
    if (canceled.status !== 200) return;
    expect(canceled.body.status).toBe('active');
    expect(canceled.body.canceledAt).not.toBeNull();
    expect(Date.parse(canceled.body.endedAt)).toBeGreaterThan(Date.now() - 60_000);
    const resumed = await api.post(api.p(`/subscriptions/${subscription.id}/resume`), undefined, { schema: Subscription });
    api.soft('resume is POST /subscriptions/{id}/resume', resumed.status === 200, `status ${resumed.status}`);
    if (resumed.status === 200) expect(resumed.body).toMatchObject({ canceledAt: null, endedAt: null, status: 'active' });
    const ended = await api.post(api.p(`/subscriptions/${subscription.id}/end`), undefined, { schema: Subscription });
    api.soft('end is POST /subscriptions/{id}/end', ended.status === 200, `status ${ended.status}`);
    if (ended.status !== 200) return;
    expect(ended.body.status).toBe('ended');
    expect(ended.body.currentPeriod).toBeNull();
    expect(Date.parse(ended.body.endedAt)).toBeLessThanOrEqual(Date.now() + 1000);
    const again = await api.post(api.p(`/subscriptions/${subscription.id}/resume`));
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);
  });

  itSubscribes('refuses a SIM that another live subscription uses with simAlreadyUsed', async () => {
    const { subscription } = await subscribe(c);
    const active = await untilActive(c, subscription.id);
    const second = await subscribe(c);
    const res = await api.post(api.p('/subscriptions'), {
      plan: second.plan.id,
      user: second.user.id,
      sim: active.body.sim.id,
      userAddress: second.address.id,
    });
    if (res.status < 300) c.track(res.body.id);
    expect(res.body.code).toBe('simAlreadyUsed');
  });
});
