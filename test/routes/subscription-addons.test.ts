import { describe, expect, it } from 'vitest';
import { defaultPlans } from '../../src/scenarios/catalogue.js';
import { SubscriptionAddon } from '../../src/schemas/subscription-addon.js';
import { Messages } from '../../src/store/errors.js';
import { call, GUIDE_PLAN_ID, guideUserWithAddress, makeSim, p } from '../helpers.js';

const TOP_UP_1GB = 'add_0SNlurA049MEWV4aTopUp1GbP9xx';
const CALLS_RECURRING = 'add_0SNlurA049MEWV4cIntlCallsP9x';
const P5_TOP_UP = 'add_0SNlurA049MEWV4dTopUp2GbP5xx';
const ARCHIVED = 'add_0SNlurA049MEWV4fRoamingArchv';
const DAY = 86_400_000;

/** A simulator with the guide's subscription active at 2026-01-01T00:00:00Z. */
async function setup(options: { activationMode?: 'immediate' | 'manual' } = {}) {
  const sim = makeSim({ activationMode: options.activationMode ?? 'immediate' });
  const { user, address } = await guideUserWithAddress(sim);
  const sub = await call(sim, 'POST', p('/subscriptions'), { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address });
  const buy = (addon: string, subscription = sub.body.id) => call(sim, 'POST', p('/subscriptionAddons'), { subscription, addon });
  const get = (id: string) => call(sim, 'GET', p(`/subscriptionAddons/${id}`));
  return { sim, sub: sub.body, user, buy, get };
}

describe('POST /projects/{project}/subscriptionAddons', () => {
  it('adds a top-up to an active subscription: 201, active now, for the top-up’s 30 days', async () => {
    const { buy, sub, user } = await setup();
    const res = await buy(TOP_UP_1GB);
    expect(res.status).toBe(201);
    expect(SubscriptionAddon.safeParse(res.body).success).toBe(true);
    expect(res.body).toMatchObject({
      object: 'subscriptionAddon',
      status: 'active',
      activatedAt: '2026-01-01T00:00:00Z',
      canceledAt: null,
      endedAt: null,
      currentPeriod: { number: 1, start: '2026-01-01T00:00:00Z', end: '2026-01-31T00:00:00Z' },
      subscription: sub.id,
      user,
      addon: { id: TOP_UP_1GB, object: 'addon' },
    });
    expect(res.body.id).toMatch(/^sad_[0-9A-Za-z]+$/);
  });

  it('refuses a pending subscription', async () => {
    const { buy } = await setup({ activationMode: 'manual' });
    const res = await buy(TOP_UP_1GB);
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([
      expect.objectContaining({ property: 'subscription', message: Messages.addonNeedsActiveSubscription }),
    ]);
  });

  it.each([
    [ARCHIVED, Messages.addonNotAvailable],
    [P5_TOP_UP, Messages.addonProviderMismatch],
    ['add_0000000000000000000000000000', Messages.notFound('add-on')],
  ])('refuses the add-on %s: %s', async (addon, message) => {
    const { buy } = await setup();
    const res = await buy(addon);
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'addon', message })]);
  });

  it('refuses an add-on of the right provider made for other plans', async () => {
    const sim = makeSim({ activationMode: 'immediate' });
    const { user } = await guideUserWithAddress(sim);
    const legacy = defaultPlans().find((plan) => plan.status === 'archived' && plan.provider === 'p9');
    expect(legacy).toBeDefined();
    // The archived p9 plan cannot be bought any more: put one in place as a scenario would.
    sim.store.plans.put('test-project', { ...(legacy as NonNullable<typeof legacy>), status: 'available' });
    const sub = await call(sim, 'POST', p('/subscriptions'), { plan: legacy?.id, user, sim: 'auto' });
    expect(sub.status).toBe(201);
    const res = await call(sim, 'POST', p('/subscriptionAddons'), { subscription: sub.body.id, addon: TOP_UP_1GB });
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'addon', message: Messages.addonNotForPlan })]);
  });

  it('names every bad property at once, and stores nothing', async () => {
    const { sim, buy } = await setup();
    const res = await buy(ARCHIVED, 'sub_0000000000000000000000000000');
    expect(res.body.details.map((d: { property: string }) => d.property).sort()).toEqual(['addon', 'subscription']);
    expect((await call(sim, 'GET', p('/subscriptionAddons'))).body.items).toEqual([]);
  });

  it.each([{}, { subscription: 'sub_x' }, { subscription: 'sub_x', addon: 'add_x', extra: 1 }])(
    'answers 422 for the body %j',
    async (body) => {
      const { sim } = await setup();
      expect((await call(sim, 'POST', p('/subscriptionAddons'), body)).status).toBe(422);
    },
  );

  it('sends subscriptionAddon.created and .activated events', async () => {
    const { sim, buy } = await setup();
    await buy(TOP_UP_1GB);
    const types = sim.events.list({ limit: 200 }).items.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['com.gigs.subscriptionAddon.created', 'com.gigs.subscriptionAddon.activated']));
  });
});

describe('subscription add-ons on the clock', () => {
  it('ends a one-time top-up at the end of its validity', async () => {
    const { sim, buy, get } = await setup();
    const { body } = await buy(TOP_UP_1GB);
    sim.advance(30 * DAY - 1);
    expect((await get(body.id)).body.status).toBe('active');
    sim.advance(1);
    expect((await get(body.id)).body).toMatchObject({
      status: 'ended',
      endedAt: '2026-01-31T00:00:00Z',
      canceledAt: null,
      currentPeriod: null,
    });
    expect(sim.events.list({ limit: 200 }).items.map((e) => e.type)).toContain('com.gigs.subscriptionAddon.ended');
  });

  it('renews a recurring add-on every month while the subscription lives', async () => {
    const { sim, buy, get } = await setup();
    const { body } = await buy(CALLS_RECURRING);
    expect(body.currentPeriod).toMatchObject({ number: 1, end: '2026-02-01T00:00:00Z' });
    sim.advance(31 * DAY);
    expect((await get(body.id)).body).toMatchObject({
      status: 'active',
      currentPeriod: { number: 2, start: '2026-02-01T00:00:00Z', end: '2026-03-01T00:00:00Z' },
    });
  });

  it('ends its add-ons when the subscription ends', async () => {
    const { sim, buy, get, sub } = await setup();
    const { body } = await buy(CALLS_RECURRING);
    sim.advance(DAY);
    await call(sim, 'POST', p(`/subscriptions/${sub.id}/end`));
    expect((await get(body.id)).body).toMatchObject({ status: 'ended', endedAt: '2026-01-02T00:00:00Z' });
    sim.advance(60 * DAY);
    expect((await get(body.id)).body.status).toBe('ended');
  });
});

describe('POST /projects/{project}/subscriptionAddons/{subscriptionAddon}/cancel', () => {
  it('keeps it active until the end of its period, then ends it without renewing', async () => {
    const { sim, buy, get } = await setup();
    const { body } = await buy(CALLS_RECURRING);
    sim.advance(DAY);
    const res = await call(sim, 'POST', p(`/subscriptionAddons/${body.id}/cancel`));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'active', canceledAt: '2026-01-02T00:00:00Z', endedAt: null });
    sim.advance(31 * DAY);
    expect((await get(body.id)).body).toMatchObject({ status: 'ended', endedAt: '2026-02-01T00:00:00Z', currentPeriod: null });
  });

  it('sends subscriptionAddon.updated with the previous values', async () => {
    const { sim, buy } = await setup();
    const { body } = await buy(TOP_UP_1GB);
    await call(sim, 'POST', p(`/subscriptionAddons/${body.id}/cancel`));
    const updated = sim.events.list({ limit: 200 }).items.find((e) => e.type === 'com.gigs.subscriptionAddon.updated');
    expect(updated?.previousData).toEqual({ canceledAt: null });
  });

  it('refuses a second cancel and a cancel of an ended one', async () => {
    const { sim, buy } = await setup();
    const { body } = await buy(TOP_UP_1GB);
    await call(sim, 'POST', p(`/subscriptionAddons/${body.id}/cancel`));
    expect((await call(sim, 'POST', p(`/subscriptionAddons/${body.id}/cancel`))).body.message).toBe(
      Messages.addonAlreadyCanceled,
    );
    sim.advance(31 * DAY);
    expect((await call(sim, 'POST', p(`/subscriptionAddons/${body.id}/cancel`))).body.message).toBe(Messages.addonEnded);
  });
});

describe('GET /projects/{project}/subscriptionAddons', () => {
  it('lists newest first with the addon, subscription and status filters', async () => {
    const { sim, buy, sub } = await setup();
    const first = await buy(TOP_UP_1GB);
    sim.advance(1000);
    const second = await buy(CALLS_RECURRING);
    const all = await call(sim, 'GET', p('/subscriptionAddons'));
    expect(all.body.items.map((s: { id: string }) => s.id)).toEqual([second.body.id, first.body.id]);
    const byAddon = await call(sim, 'GET', p(`/subscriptionAddons?addon=${TOP_UP_1GB}`));
    expect(byAddon.body.items.map((s: { id: string }) => s.id)).toEqual([first.body.id]);
    const bySub = await call(sim, 'GET', p(`/subscriptionAddons?subscription=${sub.id}&status=active`));
    expect(bySub.body.items).toHaveLength(2);
    expect((await call(sim, 'GET', p('/subscriptionAddons?status=ended'))).body.items).toEqual([]);
  });

  it('answers 404 for an unknown subscription add-on', async () => {
    const res = await call(makeSim(), 'GET', p('/subscriptionAddons/sad_0000000000000000000000000000'));
    expect(res.status).toBe(404);
    expect(res.body.message).toBe(Messages.notFound('subscription add-on'));
  });
});

describe('subscription add-ons in snapshots', () => {
  it('survive a snapshot and restore, and their period end still runs', async () => {
    const { sim, buy, get } = await setup();
    const { body } = await buy(TOP_UP_1GB);
    const snapshot = sim.snapshot();
    const copy = makeSim();
    copy.restore(structuredClone(snapshot));
    expect((await call(copy, 'GET', p(`/subscriptionAddons/${body.id}`))).body).toEqual((await get(body.id)).body);
    copy.advance(30 * DAY);
    expect((await call(copy, 'GET', p(`/subscriptionAddons/${body.id}`))).body.status).toBe('ended');
  });

  it('still end with their subscription after a restore (the index is rebuilt)', async () => {
    const { sim, buy, sub } = await setup();
    const { body } = await buy(CALLS_RECURRING);
    const copy = makeSim();
    copy.restore(structuredClone(sim.snapshot()));
    await call(copy, 'POST', p(`/subscriptions/${sub.id}/end`));
    expect((await call(copy, 'GET', p(`/subscriptionAddons/${body.id}`))).body.status).toBe('ended');
  });

  it('refuses a snapshot whose subscription add-on names an add-on not in the catalogue', async () => {
    const { sim, buy } = await setup();
    await buy(TOP_UP_1GB);
    const snapshot = structuredClone(sim.snapshot()) as any;
    expect((await call(makeSim(), 'PUT', '/__mock/snapshot', snapshot)).status).toBe(200);
    snapshot.projects[0].subscriptionAddons[0].addon = 'add_nope';
    const res = await call(makeSim(), 'PUT', '/__mock/snapshot', snapshot);
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.details)).toContain('unknown add-on add_nope');
  });
});
