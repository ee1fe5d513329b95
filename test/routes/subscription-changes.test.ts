import { describe, expect, it } from 'vitest';
import { defaultPlans } from '../../src/scenarios/catalogue.js';
import { SubscriptionChange } from '../../src/schemas/subscription-change.js';
import { Messages } from '../../src/store/errors.js';
import { call, GUIDE_PLAN_ID, guideUserWithAddress, makeSim, PROJECT, p } from '../helpers.js';

const planId = (name: string) => defaultPlans().find((plan) => plan.name === name)?.id as string;
const UNLIMITED = planId('Gigs Unlimited');
const ESSENTIALS = planId('Essentials');
const DAY = 86_400_000;

/** The guide's subscription, active from 2026-01-01T00:00:00Z (period 1 ends 2026-02-01). */
async function setup(plan = GUIDE_PLAN_ID) {
  const sim = makeSim({ activationMode: 'immediate' });
  const { user, address } = await guideUserWithAddress(sim);
  const sub = (await call(sim, 'POST', p('/subscriptions'), { plan, user, sim: 'auto', userAddress: address })).body;
  const change = (body: Record<string, unknown>) =>
    call(sim, 'POST', p('/subscriptionChanges'), { subscription: sub.id, ...body });
  const getSub = async () => (await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body;
  return { sim, sub, change, getSub };
}

describe('plan changes', () => {
  it('wait for the renewal: 201 pending, scheduled at the end of the current period', async () => {
    const { change, sub } = await setup();
    const res = await change({ plan: UNLIMITED });
    expect(res.status).toBe(201);
    expect(SubscriptionChange.safeParse(res.body).success).toBe(true);
    expect(res.body).toMatchObject({
      object: 'subscriptionChange',
      status: 'pending',
      appliedAt: null,
      scheduledAt: sub.currentPeriod.end,
      requestedChange: { plan: UNLIMITED, sim: null, when: 'renewal' },
      plan: { id: UNLIMITED },
      subscription: sub.id,
    });
  });

  it('move the subscription to the new plan at the renewal, and the renewed period is on it', async () => {
    const { sim, change, getSub } = await setup();
    const created = (await change({ plan: UNLIMITED })).body;
    sim.advance(31 * DAY - 1);
    expect((await getSub()).plan.id).toBe(GUIDE_PLAN_ID);
    sim.advance(1);
    const after = await getSub();
    expect(after.plan.id).toBe(UNLIMITED);
    expect(after.currentPeriod).toMatchObject({ number: 2, start: '2026-02-01T00:00:00Z', end: '2026-03-01T00:00:00Z' });
    const applied = (await call(sim, 'GET', p(`/subscriptionChanges/${created.id}`))).body;
    expect(applied).toMatchObject({ status: 'applied', appliedAt: '2026-02-01T00:00:00Z' });
    const types = sim.events.list({ limit: 200 }).items.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['com.gigs.subscriptionChange.created', 'com.gigs.subscriptionChange.applied']));
  });

  it('counts later periods from the change: each renewal follows the new plan, start before end', async () => {
    const { sim, sub, change } = await setup();
    const guide = defaultPlans().find((plan) => plan.id === GUIDE_PLAN_ID) as NonNullable<
      ReturnType<typeof defaultPlans>[number]
    >;
    const weekly = {
      ...guide,
      id: 'pln_0SNlurA049MEWV3zWeeklyP9xxx',
      validity: { ...guide.validity, value: 7, unit: 'day' as const },
    };
    sim.store.plans.put(PROJECT, weekly);
    await change({ plan: weekly.id });
    sim.advance(31 * DAY + 3 * 7 * DAY);
    const after = (await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body;
    expect(after.plan.id).toBe(weekly.id);
    expect(after.currentPeriod).toEqual({ number: 5, start: '2026-02-22T00:00:00Z', end: '2026-03-01T00:00:00Z' });
    expect(after).not.toHaveProperty('periodAnchor');
    const renewals = sim.events
      .list({ limit: 500 })
      .items.filter((e) => e.type === 'com.gigs.subscription.renewed')
      .map((e) => (e.data as { currentPeriod: { start: string; end: string } }).currentPeriod);
    for (const period of renewals) expect(Date.parse(period.end)).toBeGreaterThan(Date.parse(period.start));
  });

  it('refuses when: now, naming when', async () => {
    const { change } = await setup();
    const res = await change({ plan: UNLIMITED, when: 'now' });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'when', message: Messages.planChangeAtRenewal })]);
  });

  it('refuses a plan of another provider: subscriptionChangeProviderMismatch', async () => {
    const { change } = await setup();
    const res = await change({ plan: ESSENTIALS });
    expect(res.body).toMatchObject({ code: 'subscriptionChangeProviderMismatch' });
  });

  it('refuses a change within an hour of the renewal: subscriptionPlanChangeTooCloseToRenewal', async () => {
    const { sim, change } = await setup();
    sim.advance(31 * DAY - 30 * 60 * 1000);
    const res = await change({ plan: UNLIMITED });
    expect(res.body).toMatchObject({ code: 'subscriptionPlanChangeTooCloseToRenewal' });
  });

  it('refuses the same plan, an unknown one, and a subscription with a pending change', async () => {
    const { change } = await setup();
    expect((await change({ plan: GUIDE_PLAN_ID })).body.message).toBe(Messages.changeSamePlan);
    expect((await change({ plan: 'pln_0000000000000000000000000000' })).body.message).toBe(Messages.notFound('plan'));
    await change({ plan: UNLIMITED });
    expect((await change({ plan: UNLIMITED })).body.message).toBe(Messages.changeAlreadyPending);
  });

  it('refuses a subscription on a one-time plan', async () => {
    const travel = planId('Travel Europe 7 days');
    const sim = makeSim({ activationMode: 'immediate' });
    const { user } = await guideUserWithAddress(sim);
    const sub = (await call(sim, 'POST', p('/subscriptions'), { plan: travel, user, sim: 'auto' })).body;
    const res = await call(sim, 'POST', p('/subscriptionChanges'), { subscription: sub.id, plan: travel });
    expect(res.body.details.map((d: { message: string }) => d.message)).toContain(Messages.changeOfOneTime);
  });

  it('refuses a canceled subscription', async () => {
    const { sim, sub, change } = await setup();
    await call(sim, 'POST', p(`/subscriptions/${sub.id}/cancel`));
    expect((await change({ plan: UNLIMITED })).body.message).toBe(Messages.changeOfCanceled);
  });

  it('can be deleted while pending, which frees the subscription for another change', async () => {
    const { sim, change, getSub } = await setup();
    const created = (await change({ plan: UNLIMITED })).body;
    const res = await call(sim, 'DELETE', p(`/subscriptionChanges/${created.id}`));
    expect(res.body.status).toBe('deleted');
    expect((await call(sim, 'DELETE', p(`/subscriptionChanges/${created.id}`))).body.message).toBe(Messages.changeNotPending);
    sim.advance(31 * DAY);
    expect((await getSub()).plan.id).toBe(GUIDE_PLAN_ID);
    expect((await change({ plan: UNLIMITED })).status).toBe(201);
  });

  it('fails when the subscription ends before the renewal', async () => {
    const { sim, sub, change } = await setup();
    const created = (await change({ plan: UNLIMITED })).body;
    await call(sim, 'POST', p(`/subscriptions/${sub.id}/end`));
    const res = await call(sim, 'GET', p(`/subscriptionChanges/${created.id}`));
    expect(res.body).toMatchObject({ status: 'failed', failureCode: 'subscriptionEnded' });
  });
});

describe('SIM changes', () => {
  it('move the subscription to a new eSIM now with "auto", and retire the old SIM', async () => {
    const { sim, sub, change, getSub } = await setup();
    const oldSim = sub.sim.id;
    const res = await change({ sim: 'auto' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'applied',
      appliedAt: '2026-01-01T00:00:00Z',
      requestedChange: { sim: 'auto', when: 'now' },
    });
    const after = await getSub();
    expect(after.sim.id).not.toBe(oldSim);
    expect(after.sim).toMatchObject({ type: 'eSIM', status: 'active' });
    expect(res.body.sim.id).toBe(after.sim.id);
    expect((await call(sim, 'GET', p(`/sims/${oldSim}`))).body.status).toBe('retired');
    const types = sim.events.list({ limit: 200 }).items.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['com.gigs.sim.retired', 'com.gigs.subscription.updated']));
  });

  it('move it to an inactive pSIM of the provider when the plan takes pSIMs', async () => {
    const { sim, change, getSub } = await setup(UNLIMITED);
    const pSim = (await call(sim, 'GET', p('/sims?type=pSIM&status=inactive&limit=200'))).body.items.find(
      (s: { provider: string }) => s.provider === 'p9',
    );
    const res = await change({ sim: pSim.id });
    expect(res.body.status).toBe('applied');
    expect((await getSub()).sim).toMatchObject({ id: pSim.id, type: 'pSIM', status: 'active' });
  });

  it('refuses when: renewal, a SIM in use, and a pSIM on an eSIM-only plan', async () => {
    const { sim, sub, change } = await setup();
    expect((await change({ sim: 'auto', when: 'renewal' })).body.message).toBe(Messages.simChangeNow);
    expect((await change({ sim: sub.sim.id })).body.message).toBe(Messages.changeSameSim);
    const pSim = (await call(sim, 'GET', p('/sims?type=pSIM&limit=200'))).body.items.find(
      (s: { provider: string }) => s.provider === 'p9',
    );
    expect((await change({ sim: pSim.id })).body.message).toBe(Messages.simTypeNotSupported);
  });

  it('are made while a plan change waits, which still applies at the renewal', async () => {
    const { sim, change, getSub } = await setup();
    const planChange = (await change({ plan: UNLIMITED })).body;
    const simChange = await change({ sim: 'auto' });
    expect(simChange.body.status).toBe('applied');
    sim.advance(31 * DAY);
    expect((await getSub()).plan.id).toBe(UNLIMITED);
    expect((await call(sim, 'GET', p(`/subscriptionChanges/${planChange.id}`))).body.status).toBe('applied');
  });

  it('refuse an old eSIM by id: a new eSIM is "auto"', async () => {
    const { sim, sub, change } = await setup();
    await change({ sim: 'auto' });
    const res = await change({ sim: sub.sim.id });
    expect(res.body.message).toBe(Messages.changeToOldESim);
    expect(sim.store.subscriptions.get(PROJECT, sub.id).sim?.id).not.toBe(sub.sim.id);
  });

  it('refuses a body with both plan and sim, or neither', async () => {
    const { change } = await setup();
    expect((await change({ plan: UNLIMITED, sim: 'auto' })).body.message).toBe(Messages.changeOneOfPlanOrSim);
    expect((await change({})).body.message).toBe(Messages.changeOneOfPlanOrSim);
  });
});

describe('GET /projects/{project}/subscriptionChanges', () => {
  it('lists newest first with subscription and status filters', async () => {
    const { sim, sub, change } = await setup();
    const first = (await change({ sim: 'auto' })).body;
    sim.advance(1000);
    const second = (await change({ plan: UNLIMITED })).body;
    const all = await call(sim, 'GET', p('/subscriptionChanges'));
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual([second.id, first.id]);
    const pending = await call(sim, 'GET', p(`/subscriptionChanges?subscription=${sub.id}&status=pending`));
    expect(pending.body.items.map((c: { id: string }) => c.id)).toEqual([second.id]);
  });

  it('answers 404 for an unknown change', async () => {
    const res = await call(makeSim(), 'GET', p('/subscriptionChanges/sch_0000000000000000000000000000'));
    expect(res.body.message).toBe(Messages.notFound('subscription change'));
  });

  it('keeps a pending change across a snapshot, applied at the renewal afterwards', async () => {
    const { sim, sub, change } = await setup();
    await change({ plan: UNLIMITED });
    const copy = makeSim();
    copy.restore(structuredClone(sim.snapshot()));
    copy.advance(31 * DAY);
    expect((await call(copy, 'GET', p(`/subscriptions/${sub.id}`))).body.plan.id).toBe(UNLIMITED);
  });
});
