import { describe, expect, it } from 'vitest';
import { defaultPlans } from '../src/scenarios/catalogue.js';
import { findScenario, scenarioNames } from '../src/scenarios/index.js';
import type { Simulator, SimulatorOptions } from '../src/simulator.js';
import {
  type CallResult,
  call,
  GUIDE_ADDRESS,
  GUIDE_PLAN_ID,
  guideUserWithAddress,
  makeSim,
  PROJECT,
  p,
  SCENARIO_NAMES,
} from './helpers.js';

const BASIC_PSIM_PLAN_ID = defaultPlans().find((plan) => plan.name === 'Basic SIM')!.id;

/** Every item of a paginated list, following moreItemsAfter. */
async function all(sim: Simulator, path: string): Promise<any[]> {
  const items: any[] = [];
  let after: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: CallResult = await call(sim, 'GET', p(`${path}${sep}limit=200${after ? `&after=${after}` : ''}`));
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    after = res.body.moreItemsAfter;
  } while (after);
  return items;
}

/** A new eSIM subscription for the guide's user in PROJECT (the response, whatever its status). */
async function subscribe(sim: Simulator) {
  const { user, address } = await guideUserWithAddress(sim);
  return call(sim, 'POST', p('/subscriptions'), { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address });
}

const scenario = (name: string, options: SimulatorOptions = {}) => makeSim({ scenario: name, ...options });

describe('scenario list', () => {
  it('has the eight documented scenarios', () => {
    expect(scenarioNames()).toEqual(SCENARIO_NAMES);
  });

  it('gives every scenario a description', () => {
    for (const name of scenarioNames()) expect(findScenario(name)?.description.length).toBeGreaterThan(10);
  });
});

describe('default scenario', () => {
  it('starts a project with the 8-plan catalogue, the guide’s plan first', async () => {
    const plans = await all(scenario('default'), '/plans');
    expect(plans.map((plan) => plan.id)).toEqual(defaultPlans().map((plan) => plan.id));
    expect(plans[0].id).toBe(GUIDE_PLAN_ID);
  });

  it('starts a project with 20 inactive pSIMs: 10 p9 and 10 p5, the providers of the pSIM plans', async () => {
    const sims = await all(scenario('default'), '/sims');
    expect(sims).toHaveLength(20);
    for (const sim of sims) expect(sim).toMatchObject({ type: 'pSIM', status: 'inactive' });
    const count = (provider: string) => sims.filter((sim) => sim.provider === provider).length;
    expect({ p9: count('p9'), p5: count('p5'), test: count('test') }).toEqual({ p9: 10, p5: 10, test: 0 });
  });

  it('starts with no users or subscriptions', async () => {
    const sim = scenario('default');
    expect(await all(sim, '/users')).toEqual([]);
    expect(await all(sim, '/subscriptions')).toEqual([]);
  });

  it('seeds each project on its own, with the same plan ids everywhere', async () => {
    const sim = scenario('default');
    const plans = await all(sim, '/plans');
    const other = (await call(sim, 'GET', '/projects/another/plans?limit=200')).body.items;
    expect(other.map((plan: { id: string }) => plan.id)).toEqual(plans.map((plan) => plan.id));
  });
});

describe('empty scenario', () => {
  it('starts a project with no plans, SIMs or users', async () => {
    const sim = scenario('empty');
    expect(await all(sim, '/plans')).toEqual([]);
    expect(await all(sim, '/sims')).toEqual([]);
    expect(await all(sim, '/users')).toEqual([]);
  });
});

describe('populated scenario', () => {
  it('starts a project with 250 users, each with an address', async () => {
    const sim = scenario('populated');
    const users = await all(sim, '/users');
    expect(users).toHaveLength(250);
    const state = sim.store.project(PROJECT);
    expect(state.addresses.size).toBe(250);
    expect(new Set(users.map((user) => user.email)).size).toBe(250);
  });

  it('has subscriptions in every status: pending, active, canceled and ended', async () => {
    const subs = await all(scenario('populated'), '/subscriptions');
    expect(subs).toHaveLength(250);
    const pending = subs.filter((s) => s.status === 'pending');
    const active = subs.filter((s) => s.status === 'active' && s.canceledAt === null);
    const canceled = subs.filter((s) => s.status === 'active' && s.canceledAt !== null);
    const ended = subs.filter((s) => s.status === 'ended');
    expect([pending.length, active.length, canceled.length, ended.length]).toEqual([63, 63, 62, 62]);
  });

  it('has portings in every status but failed', async () => {
    const portings = await all(scenario('populated'), '/portings');
    expect(portings.map((x) => x.status).sort()).toEqual(
      ['canceled', 'completed', 'declined', 'draft', 'expired', 'informationRequired', 'pending', 'requested'].sort(),
    );
  });

  it('gives live subscriptions a phone, usage, some top-ups and pending plan changes', async () => {
    const sim = scenario('populated');
    const active = (await all(sim, '/subscriptions')).filter((s) => s.status === 'active' && s.canceledAt === null);
    const devices = await all(sim, '/devices');
    const addons = await all(sim, '/subscriptionAddons');
    const changes = await all(sim, '/subscriptionChanges');
    expect(devices.length).toBeGreaterThan(50);
    expect(devices.every((d) => d.model !== null && d.sims.length === 1)).toBe(true);
    expect(addons.length).toBeGreaterThan(10);
    expect(addons.every((a) => a.status === 'active')).toBe(true);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.status === 'pending')).toBe(true);
    const withUsage = active.find((s) => s.firstUsageAt !== null);
    expect(withUsage).toBeDefined();
    const usage = await call(sim, 'GET', p(`/subscriptions/${withUsage?.id}/usage`));
    expect(usage.body.items.length).toBe(1);
  });

  it('lets the status filter find each status', async () => {
    const sim = scenario('populated');
    for (const status of ['pending', 'active', 'ended']) {
      const res = await call(sim, 'GET', p(`/subscriptions?status=${status}&limit=1`));
      expect(res.body.items[0]?.status).toBe(status);
    }
  });

  it('gives the same data for the same seed', async () => {
    const people = async (seed: string) => {
      const sim = scenario('populated', { seed });
      return { users: await all(sim, '/users'), subscriptions: await all(sim, '/subscriptions') };
    };
    const first = await people('same');
    expect(await people('same')).toEqual(first);
    expect((await people('other')).users.map((u) => u.email)).not.toEqual(first.users.map((u) => u.email));
  });

  it('gives two projects of one simulator different people', async () => {
    const sim = scenario('populated');
    const here = (await all(sim, '/users')).map((u) => u.email);
    const there = (await call(sim, 'GET', '/projects/another/users?limit=5')).body.items.map((u: { email: string }) => u.email);
    expect(there).not.toEqual(here.slice(0, 5));
  });
});

describe('slow-activation scenario', () => {
  it('keeps a new subscription pending for 3 minutes, then activates it', async () => {
    const sim = scenario('slow-activation');
    const sub = (await subscribe(sim)).body;
    expect(sub.status).toBe('pending');
    sim.advance('179s');
    expect((await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body.status).toBe('pending');
    sim.advance('1s');
    expect((await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body).toMatchObject({
      status: 'active',
      activatedAt: '2026-01-01T00:03:00Z',
    });
  });
});

describe('manual-activation scenario', () => {
  it('keeps a new subscription pending however long time runs', async () => {
    const sim = scenario('manual-activation');
    const sub = (await subscribe(sim)).body;
    sim.advance('30d');
    expect((await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body.status).toBe('pending');
  });

  it('activates a subscription through the control plane', async () => {
    const sim = scenario('manual-activation');
    const sub = (await subscribe(sim)).body;
    const res = await call(sim, 'POST', `/__mock/projects/${PROJECT}/subscriptions/${sub.id}/activate`);
    expect(res.status).toBe(200);
    expect((await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body.status).toBe('active');
  });
});

describe('provider-outage scenario', () => {
  it('answers POST /subscriptions with 503 serviceUnavailable in the Gigs error body', async () => {
    const res = await subscribe(scenario('provider-outage'));
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ object: 'error', type: 'internal', code: 'serviceUnavailable', message: expect.any(String) });
  });

  it('creates nothing when it refuses a subscription', async () => {
    const sim = scenario('provider-outage');
    await subscribe(sim);
    expect(await all(sim, '/subscriptions')).toEqual([]);
  });

  it('serves the other routes as usual', async () => {
    const sim = scenario('provider-outage');
    expect((await call(sim, 'POST', p('/users'), { email: 'a@example.com' })).status).toBe(201);
    expect((await call(sim, 'GET', p('/subscriptions'))).status).toBe(200);
    expect((await call(sim, 'GET', p('/plans'))).status).toBe(200);
  });

  it('fails in every project of the simulator', async () => {
    const sim = scenario('provider-outage');
    expect((await call(sim, 'POST', '/projects/another/subscriptions', {})).status).toBe(503);
  });

  it('comes back after a reset of the project', async () => {
    const sim = scenario('provider-outage');
    await call(sim, 'GET', p('/plans'));
    sim.reset(PROJECT);
    expect((await subscribe(sim)).status).toBe(503);
  });
});

describe('rate-limited scenario', () => {
  /** The statuses of 40 GET /plans. */
  async function statuses(sim: Simulator): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < 40; i++) out.push((await call(sim, 'GET', p('/plans'))).status);
    return out;
  }

  it('answers a share of requests with 429 tooManyRequests and the rest as usual', async () => {
    const sequence = await statuses(scenario('rate-limited'));
    const limited = sequence.filter((s) => s === 429).length;
    expect(limited).toBeGreaterThan(0);
    expect(limited).toBeLessThan(20);
    expect(sequence.filter((s) => s !== 429).every((s) => s === 200)).toBe(true);
  });

  it('answers 429 with the Gigs error body of type tooManyRequests', async () => {
    const sim = scenario('rate-limited');
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await call(sim, 'GET', p('/plans')));
    const limited = answers.find((res) => res.status === 429);
    expect(limited?.body).toMatchObject({ object: 'error', type: 'tooManyRequests', message: expect.any(String) });
  });

  it('gives the same sequence for the same seed', async () => {
    const first = await statuses(scenario('rate-limited', { seed: 'same' }));
    expect(await statuses(scenario('rate-limited', { seed: 'same' }))).toEqual(first);
    expect(await statuses(scenario('rate-limited', { seed: 'other' }))).not.toEqual(first);
  });
});

describe('address-required scenario', () => {
  it('makes every plan require a verified address', async () => {
    const plans = await all(scenario('address-required'), '/plans');
    expect(plans).toHaveLength(8);
    for (const plan of plans) expect(plan.requirements.address).toBe('verified');
  });

  it('refuses a subscription without an address on a plan that needs none by default', async () => {
    const sim = scenario('address-required');
    const user = (await call(sim, 'POST', p('/users'), { email: 'a@example.com' })).body.id;
    const pSim = (await call(sim, 'GET', p('/sims?limit=200'))).body.items.find(
      (s: { provider: string }) => s.provider === 'p5',
    ).id;
    const res = await call(sim, 'POST', p('/subscriptions'), { plan: BASIC_PSIM_PLAN_ID, user, sim: pSim });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'userAddress', code: 'propertyRequired' })]);
  });

  it('accepts a subscription with a verified address', async () => {
    const sim = scenario('address-required');
    const user = (await call(sim, 'POST', p('/users'), { email: 'a@example.com' })).body.id;
    const address = (await call(sim, 'POST', p(`/users/${user}/addresses`), GUIDE_ADDRESS)).body.id;
    const pSim = (await call(sim, 'GET', p('/sims?limit=200'))).body.items.find(
      (s: { provider: string }) => s.provider === 'p5',
    ).id;
    const res = await call(sim, 'POST', p('/subscriptions'), { plan: BASIC_PSIM_PLAN_ID, user, sim: pSim, userAddress: address });
    expect(res.status).toBe(201);
  });
});
