import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { Messages } from '../../src/store/errors.js';
import { call, GUIDE_PLAN_ID, guideUserWithAddress, makeSim, PROJECT, p } from '../helpers.js';

async function allPlans(sim: Simulator, query = ''): Promise<any[]> {
  const res = await call(sim, 'GET', p(`/plans?limit=200${query}`));
  expect(res.status).toBe(200);
  return res.body.items;
}

describe('GET /projects/{project}/plans', () => {
  it('returns a list of at least 6 plans', async () => {
    const res = await call(makeSim(), 'GET', p('/plans'));
    expect(res.status).toBe(200);
    expect(res.body.object).toBe('list');
    expect(res.body.items.length).toBeGreaterThanOrEqual(6);
    expect(res.body.moreItemsBefore).toBeNull();
  });

  it("lists the guide's plan first", async () => {
    const res = await call(makeSim(), 'GET', p('/plans'));
    expect(res.body.items[0]).toMatchObject({
      object: 'plan',
      id: GUIDE_PLAN_ID,
      name: 'Gigs Global',
      allowances: { dataBytes: 10_000_000_000, voiceSeconds: 30_000, smsMessages: 100 },
      provider: 'p9',
      requirements: { address: 'present' },
      simTypes: ['eSIM'],
    });
  });

  it('pages the catalogue with limit and after', async () => {
    const sim = makeSim();
    const all = await allPlans(sim);
    const first = await call(sim, 'GET', p('/plans?limit=3'));
    expect(first.body.moreItemsAfter).toBe(all[2].id);
    const second = await call(sim, 'GET', p(`/plans?limit=3&after=${first.body.moreItemsAfter}`));
    expect(second.body.items.map((plan: any) => plan.id)).toEqual(all.slice(3, 6).map((plan) => plan.id));
  });

  it('filters by simType=eSIM to plans that include eSIM', async () => {
    const sim = makeSim();
    const plans = await allPlans(sim, '&simType=eSIM');
    const expected = (await allPlans(sim)).filter((plan) => plan.simTypes.includes('eSIM'));
    expect(plans.length).toBeGreaterThan(0);
    expect(plans).toEqual(expected);
  });

  it('filters by simType=pSIM to plans that include pSIM', async () => {
    const plans = await allPlans(makeSim(), '&simType=pSIM');
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) expect(plan.simTypes).toContain('pSIM');
  });

  it('filters by several comma-separated statuses', async () => {
    const plans = await allPlans(makeSim(), '&status=archived,draft');
    expect(plans.map((plan) => plan.status).sort()).toEqual(['archived', 'draft']);
  });

  it('filters by provider', async () => {
    const sim = makeSim();
    const plans = await allPlans(sim, '&provider=p5');
    const expected = (await allPlans(sim)).filter((plan) => plan.provider === 'p5');
    expect(plans.length).toBeGreaterThan(0);
    expect(plans).toEqual(expected);
  });

  it('combines filters', async () => {
    const plans = await allPlans(makeSim(), '&provider=p5&simType=pSIM&status=available');
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) {
      expect(plan.provider).toBe('p5');
      expect(plan.simTypes).toContain('pSIM');
      expect(plan.status).toBe('available');
    }
  });

  it('returns an empty list for a provider without plans', async () => {
    expect(await allPlans(makeSim(), '&provider=p15')).toEqual([]);
  });

  it('returns 422 naming simType for an unknown SIM type', async () => {
    const res = await call(makeSim(), 'GET', p('/plans?simType=nanoSIM'));
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ object: 'propertyErrorDetail', property: 'simType' })]);
  });

  it('returns 422 naming status when one of several statuses is unknown', async () => {
    const res = await call(makeSim(), 'GET', p('/plans?status=available,retired'));
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('status');
  });

  it('returns 422 naming provider for an empty item in the provider list', async () => {
    const res = await call(makeSim(), 'GET', p('/plans?provider=p5,'));
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'provider' })]);
  });

  it.each(['simType', 'status', 'provider'])('returns 422 for an empty %s filter', async (filter) => {
    const res = await call(makeSim(), 'GET', p(`/plans?${filter}=`));
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: filter })]);
  });

  it('returns 422 for an unknown filter', async () => {
    const res = await call(makeSim(), 'GET', p('/plans?country=US'));
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('country');
  });

  it('returns plan ids that are identical across simulators with different seeds', async () => {
    const a = await allPlans(makeSim({ seed: 'one' }));
    const b = await allPlans(makeSim({ seed: 'two' }));
    expect(b.map((plan) => plan.id)).toEqual(a.map((plan) => plan.id));
  });

  it('returns plan ids of pln_ and base-62 characters', async () => {
    for (const plan of await allPlans(makeSim())) expect(plan.id).toMatch(/^pln_[0-9A-Za-z]+$/);
  });
});

describe('plan catalogue', () => {
  it('has eSIM-only, pSIM-only and dual plans', async () => {
    const kinds = new Set((await allPlans(makeSim())).map((plan) => [...plan.simTypes].sort().join('+')));
    expect(kinds).toEqual(new Set(['eSIM', 'pSIM', 'eSIM+pSIM']));
  });

  it('has plans requiring no address, a present address and a verified address', async () => {
    const requirements = new Set((await allPlans(makeSim())).map((plan) => plan.requirements.address));
    expect(requirements).toEqual(new Set(['none', 'present', 'verified']));
  });

  it("has a plan requiring the user's full name", async () => {
    const plans = await allPlans(makeSim());
    expect(plans.some((plan) => plan.requirements['user.fullName'] === 'present')).toBe(true);
  });

  it('has plans of providers p9, p5 and test', async () => {
    const providers = new Set((await allPlans(makeSim())).map((plan) => plan.provider));
    for (const provider of ['p9', 'p5', 'test']) expect(providers).toContain(provider);
  });

  it('has an archived plan and a draft plan', async () => {
    const statuses = (await allPlans(makeSim())).map((plan) => plan.status);
    expect(statuses).toContain('archived');
    expect(statuses).toContain('draft');
  });
});

describe('GET /projects/{project}/plans/{plan}', () => {
  it('returns the plan as listed', async () => {
    const sim = makeSim();
    const listed = (await allPlans(sim)).find((plan) => plan.id === GUIDE_PLAN_ID);
    const res = await call(sim, 'GET', p(`/plans/${GUIDE_PLAN_ID}`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(listed);
  });

  it('returns 404 notFound when the plan does not exist', async () => {
    const res = await call(makeSim(), 'GET', p('/plans/pln_0SNlurA049MEWV3V0q7gjQbMXXXX'));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ object: 'error', type: 'notFound', message: Messages.notFound('plan') });
  });

  it('returns 422 for an unknown query parameter', async () => {
    expect((await call(makeSim(), 'GET', p(`/plans/${GUIDE_PLAN_ID}?expand=coverage`))).status).toBe(422);
  });
});

// The `com.gigs.plan.*` event schemas still mark these required; older integrations read plan.data.
describe('deprecated flat allowance fields', () => {
  it('carries data, sms and voice in bytes, messages and seconds, equal to the allowances', async () => {
    for (const plan of await allPlans(makeSim())) {
      const { dataBytes, smsMessages, voiceSeconds } = plan.allowances;
      expect(plan).toMatchObject({
        data: dataBytes ?? -1,
        dataUnit: 'byte',
        sms: smsMessages ?? -1,
        smsUnit: 'message',
        voice: voiceSeconds ?? -1,
        voiceUnit: 'second',
      });
    }
  });

  it('gives -1 for an unlimited allowance', async () => {
    const unlimited = (await allPlans(makeSim())).find((plan) => plan.allowances.dataBytes === null);
    expect(unlimited).toBeDefined();
    expect(unlimited.data).toBe(-1);
  });

  it('gives the guide plan its 10 GB as data', async () => {
    const res = await call(makeSim(), 'GET', p(`/plans/${GUIDE_PLAN_ID}`));
    expect(res.body.data).toBe(res.body.allowances.dataBytes);
    expect(res.body.data).toBeGreaterThan(0);
  });

  it('embeds them in the plan of a subscription', async () => {
    const sim = makeSim({ activationMode: 'immediate' });
    const { user, address } = await guideUserWithAddress(sim);
    const sub = await call(sim, 'POST', p('/subscriptions'), { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address });
    expect(sub.body.plan).toMatchObject({ dataUnit: 'byte', smsUnit: 'message', voiceUnit: 'second' });
  });

  it('keeps them out of snapshots: they are derived, not stored', () => {
    const sim = makeSim();
    sim.store.ensureProject(PROJECT);
    const plans = sim.snapshot().projects.find((project) => project.id === PROJECT)?.plans ?? [];
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) expect(plan).not.toHaveProperty('dataUnit');
  });
});
