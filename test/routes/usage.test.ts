import { describe, expect, it } from 'vitest';
import { defaultPlans } from '../../src/scenarios/catalogue.js';
import { UsageRecord } from '../../src/schemas/usage.js';
import { Messages } from '../../src/store/errors.js';
import { call, GUIDE_PLAN_ID, guideUserWithAddress, makeSim, PROJECT, p } from '../helpers.js';

const DAY = 86_400_000;
const GB = 1_000_000_000;
const TOP_UP_1GB = 'add_0SNlurA049MEWV4aTopUp1GbP9xx';

/** The guide's subscription (10 GB of data), active from 2026-01-01T00:00:00Z. */
async function setup(options: { plan?: string; activationMode?: 'immediate' | 'delay' } = {}) {
  const sim = makeSim({ activationMode: options.activationMode ?? 'immediate' });
  const { user, address } = await guideUserWithAddress(sim);
  const sub = (
    await call(sim, 'POST', p('/subscriptions'), { plan: options.plan ?? GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address })
  ).body;
  const use = (body: Record<string, unknown>) => call(sim, 'POST', `/testing${p(`/subscriptions/${sub.id}/usage`)}`, body);
  const usage = (query = '') => call(sim, 'GET', p(`/subscriptions/${sub.id}/usage${query}`));
  const thresholds = () =>
    sim.events
      .list({ limit: 500 })
      .items.filter((e) => e.type === 'com.gigs.usageThreshold.exceeded')
      .map((e) => e.data as { type: string; thresholdPercentage: number; allowance: number; usage: number });
  return { sim, sub, use, usage, thresholds };
}

describe("POST /testing/projects/{project}/subscriptions/{subscription}/usage (Gigs' usage simulation)", () => {
  it("answers the day's usage record for the country, US by default", async () => {
    const { use, sub } = await setup();
    const res = await use({ data: 18_883_100, voice: 240, sms: 15 });
    expect(res.status).toBe(200);
    expect(UsageRecord.safeParse(res.body).success).toBe(true);
    expect(res.body).toEqual({
      object: 'usageRecord',
      data: 18_883_100,
      end: '2026-01-02T00:00:00Z',
      labels: { country: 'US', subscription: sub.id },
      sms: 15,
      start: '2026-01-01T00:00:00Z',
      voice: 240,
    });
  });

  it('adds up within a day and country, apart across countries', async () => {
    const { use } = await setup();
    await use({ data: 100 });
    expect((await use({ data: 50 })).body.data).toBe(150);
    expect((await use({ data: 7, country: 'DE' })).body).toMatchObject({ data: 7, labels: { country: 'DE' } });
  });

  it('sets firstUsageAt on the first usage only', async () => {
    const { sim, sub, use } = await setup();
    sim.advance(1000);
    await use({ data: 1 });
    sim.advance(1000);
    await use({ data: 1 });
    expect((await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body.firstUsageAt).toBe('2026-01-01T00:00:01Z');
  });

  it('refuses totals that would pass 2^53, and changes nothing', async () => {
    const { use, usage } = await setup();
    for (let i = 0; i < 9; i++) expect((await use({ data: 1e15 })).status).toBe(200);
    const res = await use({ data: 1e15 });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'data' })]);
    expect((await usage()).body.items[0].data).toBe(9e15);
  });

  it('refuses a pending subscription of a plan that activates at creation, and bad bodies', async () => {
    const { use } = await setup({ activationMode: 'delay' });
    expect((await use({ data: 1 })).body.message).toBe(Messages.usageNeedsActive);
    const { use: useActive } = await setup();
    expect((await useActive({ data: -1 })).status).toBe(422);
    expect((await useActive({ country: 'usa' })).status).toBe(422);
    expect((await useActive({ bytes: 1 })).status).toBe(422);
  });
});

describe('plans that activate on usage (activationTrigger usageStarted)', () => {
  it('stay pending until the first usage, which activates them', async () => {
    const sim = makeSim({ activationMode: 'delay' });
    const guide = defaultPlans().find((plan) => plan.id === GUIDE_PLAN_ID);
    const usagePlan = {
      ...(guide as NonNullable<typeof guide>),
      id: 'pln_0SNlurA049MEWV3zUsageStartx',
      activationTrigger: 'usageStarted' as const,
    };
    sim.store.ensureProject(PROJECT);
    sim.store.plans.put(PROJECT, usagePlan);
    const { user, address } = await guideUserWithAddress(sim);
    const sub = (await call(sim, 'POST', p('/subscriptions'), { plan: usagePlan.id, user, sim: 'auto', userAddress: address }))
      .body;
    sim.advance(10 * DAY);
    expect((await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body.status).toBe('pending');
    const res = await call(sim, 'POST', `/testing${p(`/subscriptions/${sub.id}/usage`)}`, { data: 5 });
    expect(res.status).toBe(200);
    const after = (await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body;
    expect(after).toMatchObject({ status: 'active', activatedAt: '2026-01-11T00:00:00Z', firstUsageAt: '2026-01-11T00:00:00Z' });
    expect(after.sim).toMatchObject({ object: 'sim', status: 'active' });
  });
});

describe('GET /projects/{project}/subscriptions/{subscription}/usage', () => {
  it('lists the latest period daily, ascending', async () => {
    const { sim, use, usage } = await setup();
    await use({ data: 1 });
    sim.advance(2 * DAY);
    await use({ data: 2 });
    const res = await usage();
    expect(res.status).toBe(200);
    expect(res.body.object).toBe('list');
    expect(res.body.items.map((r: { start: string; data: number }) => [r.start, r.data])).toEqual([
      ['2026-01-01T00:00:00Z', 1],
      ['2026-01-03T00:00:00Z', 2],
    ]);
  });

  it('answers an earlier period by number, and the current one by default', async () => {
    const { sim, use, usage } = await setup();
    await use({ data: 1 });
    sim.advance(32 * DAY);
    await use({ data: 2 });
    expect((await usage()).body.items.map((r: { data: number }) => r.data)).toEqual([2]);
    expect((await usage('?period=1')).body.items.map((r: { data: number }) => r.data)).toEqual([1]);
    expect((await usage('?period=9')).body.items).toEqual([]);
  });

  it('answers each earlier period alone, also once the subscription has ended', async () => {
    const { sim, sub, use, usage } = await setup();
    for (const amount of [1, 2, 3]) {
      await use({ data: amount });
      sim.advance(31 * DAY);
    }
    await call(sim, 'POST', p(`/subscriptions/${sub.id}/end`));
    for (const [period, amount] of [
      [1, 1],
      [2, 2],
      [3, 3],
    ]) {
      expect((await usage(`?period=${period}`)).body.items.map((r: { data: number }) => r.data)).toEqual([amount]);
    }
  });

  it('splits the day a renewal falls in between the two periods', async () => {
    const sim = makeSim({ activationMode: 'immediate' });
    sim.advance(12 * 3_600_000);
    const { user, address } = await guideUserWithAddress(sim);
    const sub = (await call(sim, 'POST', p('/subscriptions'), { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address }))
      .body;
    expect(sub.currentPeriod.end).toBe('2026-02-01T12:00:00Z');
    const use = (body: object) => call(sim, 'POST', `/testing${p(`/subscriptions/${sub.id}/usage`)}`, body);
    sim.advance(31 * DAY - 3_600_000);
    expect((await use({ data: 10 })).body).toMatchObject({ start: '2026-02-01T00:00:00Z', end: '2026-02-01T12:00:00Z' });
    sim.advance(2 * 3_600_000);
    expect((await use({ data: 5 })).body).toMatchObject({ data: 5, start: '2026-02-01T12:00:00Z', end: '2026-02-02T00:00:00Z' });
    const list = async (q: string) => (await call(sim, 'GET', p(`/subscriptions/${sub.id}/usage${q}`))).body.items;
    expect((await list('?period=1')).at(-1).data).toBe(10);
    expect((await list('')).map((r: { data: number }) => r.data)).toEqual([5]);
  });

  it('sums a range per country with aggregation=period, and takes start/end', async () => {
    const { sim, use, usage } = await setup();
    await use({ data: 1 });
    sim.advance(DAY);
    await use({ data: 2 });
    await use({ data: 4, country: 'FR' });
    const summed = (await usage('?aggregation=period')).body.items;
    expect(summed.map((r: { labels: { country: string }; data: number }) => [r.labels.country, r.data])).toEqual([
      ['US', 3],
      ['FR', 4],
    ]);
    const second = await usage('?start=2026-01-02T00:00:00Z&end=2026-01-03T00:00:00Z');
    expect(second.body.items.map((r: { data: number }) => r.data)).toEqual([4, 2]);
    expect((await usage('?start=2026-01-03T00:00:00Z&end=2026-01-02T00:00:00Z')).status).toBe(422);
  });

  it('answers 404 for an unknown subscription and 422 for an unknown parameter', async () => {
    const { sim, usage } = await setup();
    expect((await call(sim, 'GET', p('/subscriptions/sub_0000000000000000000000000000/usage'))).status).toBe(404);
    expect((await usage('?limit=5')).status).toBe(422);
  });
});

describe('usage thresholds', () => {
  it('reports 70, 90 and 100% of the data allowance once each per period', async () => {
    const { sim, use, thresholds } = await setup();
    await use({ data: 7 * GB });
    expect(thresholds().map((t) => t.thresholdPercentage)).toEqual([70]);
    await use({ data: 1 });
    expect(thresholds()).toHaveLength(1);
    await use({ data: 3 * GB });
    expect(
      thresholds()
        .map((t) => t.thresholdPercentage)
        .sort(),
    ).toEqual([100, 70, 90].sort());
    expect(thresholds()[0]).toMatchObject({ type: 'data', allowance: 10 * GB });
    sim.advance(31 * DAY);
    await use({ data: 7 * GB });
    expect(thresholds().filter((t) => t.thresholdPercentage === 70)).toHaveLength(2);
  });

  it('counts an active top-up in the allowance', async () => {
    const { sim, sub, use, thresholds } = await setup();
    await call(sim, 'POST', p('/subscriptionAddons'), { subscription: sub.id, addon: TOP_UP_1GB });
    await use({ data: 7 * GB });
    expect(thresholds()).toEqual([]);
    await use({ data: 1 * GB });
    expect(thresholds()).toEqual([expect.objectContaining({ thresholdPercentage: 70, allowance: 11 * GB })]);
  });
});

describe('POST /__mock/projects/{project}/subscriptions/{subscription}/usage', () => {
  it('records usage at a past time of the subscription, and refuses one before its activation', async () => {
    const { sim, sub, usage } = await setup();
    sim.advance(3 * DAY);
    const path = `/__mock/projects/${PROJECT}/subscriptions/${sub.id}/usage`;
    const res = await call(sim, 'POST', path, { data: 9, at: '2026-01-02T12:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ start: '2026-01-02T00:00:00Z', data: 9 });
    expect((await usage()).body.items).toHaveLength(1);
    expect((await call(sim, 'POST', path, { data: 1, at: '2025-12-31T00:00:00Z' })).body.message).toBe(
      Messages.usageAtOutOfRange,
    );
  });

  it('does not activate a usage-triggered subscription when the usage is refused', async () => {
    const sim = makeSim({ activationMode: 'delay' });
    sim.store.ensureProject(PROJECT);
    const guide = defaultPlans().find((plan) => plan.id === GUIDE_PLAN_ID);
    const usagePlan = {
      ...(guide as NonNullable<typeof guide>),
      id: 'pln_0SNlurA049MEWV3zUsageStartx',
      activationTrigger: 'usageStarted' as const,
    };
    sim.store.plans.put(PROJECT, usagePlan);
    const { user, address } = await guideUserWithAddress(sim);
    const sub = (await call(sim, 'POST', p('/subscriptions'), { plan: usagePlan.id, user, sim: 'auto', userAddress: address }))
      .body;
    sim.advance(DAY);
    const res = await call(sim, 'POST', `/__mock/projects/${PROJECT}/subscriptions/${sub.id}/usage`, {
      data: 1,
      at: '2026-01-01T06:00:00Z',
    });
    expect(res.status).toBe(422);
    expect((await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body.status).toBe('pending');
    expect(() => sim.addUsage(PROJECT, sub.id, { data: 1, at: Number.NaN })).toThrow(Messages.usageAtOutOfRange);
  });

  it('is kept in snapshots', async () => {
    const { sim, sub, use } = await setup();
    await use({ data: 42 });
    const copy = makeSim();
    copy.restore(structuredClone(sim.snapshot()));
    expect((await call(copy, 'GET', p(`/subscriptions/${sub.id}/usage`))).body.items[0].data).toBe(42);
  });
});
