import { afterEach, describe, expect, it, vi } from 'vitest';
import { wallTimers } from '../../src/engine/clock.js';
import { scenarioNames } from '../../src/scenarios/index.js';
import type { Simulator } from '../../src/simulator.js';
import { Messages } from '../../src/store/errors.js';
import { call, GUIDE_PLAN_ID, guideUserWithAddress, makeSim, PROJECT, p, SCENARIO_NAMES } from '../helpers.js';

const ADMIN = 'admin-secret';
const OTHER = 'other-project';

/** Control-plane calls carry no API token (an admin token only where a test says so). */
const control = (sim: Simulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  call(sim, method, `/__mock${path}`, body, { authorization: '', ...headers });

/** The guide's user, address and a new eSIM subscription in PROJECT. */
async function guideSubscription(sim: Simulator, headers: Record<string, string> = {}) {
  const { user, address } = await guideUserWithAddress(sim);
  const res = await call(
    sim,
    'POST',
    p('/subscriptions'),
    { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address },
    headers,
  );
  expect(res.status).toBe(201);
  return res.body as { id: string; status: string; createdAt: string };
}

/** Replaces the timer behind injected latency, so a test sees the delay without waiting for it. */
function recordSleeps(): number[] {
  const slept: number[] = [];
  vi.spyOn(wallTimers, 'sleep').mockImplementation(async (ms) => {
    slept.push(ms);
  });
  return slept;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('GET /__mock/health', () => {
  it('answers 200 with status ok and needs no token', async () => {
    const res = await control(makeSim(), 'GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok' });
  });

  it('needs no admin token when one is configured', async () => {
    const res = await control(makeSim({ adminToken: ADMIN }), 'GET', '/health');
    expect(res.status).toBe(200);
  });

  it('stays up when the control plane is turned off', async () => {
    const res = await control(makeSim({ controlPlane: false }), 'GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok' });
  });
});

describe('admin token', () => {
  it('refuses a control call without the admin token with 401 unauthenticated', async () => {
    const res = await control(makeSim({ adminToken: ADMIN }), 'GET', '/clock');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ object: 'error', type: 'unauthenticated', message: Messages.adminTokenRequired });
  });

  it('refuses a wrong admin token', async () => {
    const res = await control(makeSim({ adminToken: ADMIN }), 'POST', '/reset', undefined, { authorization: 'Bearer nope' });
    expect(res.status).toBe(401);
  });

  it('refuses an API token in place of the admin token', async () => {
    const res = await call(makeSim({ adminToken: ADMIN }), 'GET', '/__mock/clock');
    expect(res.status).toBe(401);
  });

  it('accepts the admin token as a bearer token', async () => {
    const res = await control(makeSim({ adminToken: ADMIN }), 'GET', '/clock', undefined, { authorization: `Bearer ${ADMIN}` });
    expect(res.status).toBe(200);
  });

  it('leaves the control plane open when no admin token is configured', async () => {
    expect((await control(makeSim(), 'GET', '/clock')).status).toBe(200);
  });
});

describe('controlPlane: false', () => {
  it.each([
    ['POST', '/reset'],
    ['GET', '/clock'],
    ['POST', '/clock'],
    ['PUT', `/projects/${PROJECT}/activation`],
    ['GET', '/scenarios'],
    ['POST', '/scenarios/empty'],
    ['GET', '/faults'],
    ['POST', '/faults'],
    ['DELETE', '/faults'],
    ['GET', '/requests'],
    ['GET', '/snapshot'],
    ['PUT', '/snapshot'],
  ])('answers %s /__mock%s with 404 notFound', async (method, path) => {
    const res = await control(makeSim({ controlPlane: false }), method, path, method === 'GET' ? undefined : {});
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ object: 'error', type: 'notFound' });
  });

  it('answers 404 even with the right admin token', async () => {
    const sim = makeSim({ controlPlane: false, adminToken: ADMIN });
    const res = await control(sim, 'GET', '/clock', undefined, { authorization: `Bearer ${ADMIN}` });
    expect(res.status).toBe(404);
  });

  it('ignores the x-gigs-mock-error header', async () => {
    const res = await call(makeSim({ controlPlane: false }), 'GET', p('/plans'), undefined, { 'x-gigs-mock-error': '503' });
    expect(res.status).toBe(200);
  });

  it('ignores the x-gigs-mock-delay header', async () => {
    const slept = recordSleeps();
    const res = await call(makeSim({ controlPlane: false }), 'GET', p('/plans'), undefined, { 'x-gigs-mock-delay': '300ms' });
    expect(res.status).toBe(200);
    expect(slept).toEqual([]);
  });

  it('ignores the x-gigs-mock-activation header', async () => {
    const sim = makeSim({ controlPlane: false });
    expect((await guideSubscription(sim, { 'x-gigs-mock-activation': 'immediate' })).status).toBe('pending');
  });

  it('still applies the start-up scenario’s failures, which are not headers', async () => {
    const sim = makeSim({ controlPlane: false, scenario: 'provider-outage' });
    expect((await call(sim, 'POST', p('/subscriptions'), {})).status).toBe(503);
  });
});

describe('POST /__mock/reset', () => {
  it('puts every project back to the start-up scenario', async () => {
    const sim = makeSim();
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    await call(sim, 'POST', `/projects/${OTHER}/users`, { email: 'b@example.com' });
    const res = await control(sim, 'POST', '/reset');
    expect(res.status).toBe(200);
    expect((await call(sim, 'GET', p('/users'))).body.items).toEqual([]);
    expect((await call(sim, 'GET', `/projects/${OTHER}/users`)).body.items).toEqual([]);
    expect((await call(sim, 'GET', p('/plans?limit=100'))).body.items).toHaveLength(8);
  });

  it('resets only the project named by ?project=', async () => {
    const sim = makeSim();
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    await call(sim, 'POST', `/projects/${OTHER}/users`, { email: 'b@example.com' });
    await control(sim, 'POST', `/reset?project=${PROJECT}`);
    expect((await call(sim, 'GET', p('/users'))).body.items).toEqual([]);
    expect((await call(sim, 'GET', `/projects/${OTHER}/users`)).body.items).toHaveLength(1);
  });

  it('clears the fault rules', async () => {
    const sim = makeSim();
    await control(sim, 'POST', '/faults', { status: 503 });
    await control(sim, 'POST', '/reset');
    expect((await control(sim, 'GET', '/faults')).body.items).toEqual([]);
    expect((await call(sim, 'GET', p('/plans'))).status).toBe(200);
  });

  it('brings back the start-up scenario after another scenario was loaded into a project', async () => {
    const sim = makeSim();
    await control(sim, 'POST', `/scenarios/empty?project=${PROJECT}`);
    await control(sim, 'POST', `/reset?project=${PROJECT}`);
    expect((await call(sim, 'GET', p('/plans?limit=100'))).body.items).toHaveLength(8);
  });
});

describe('GET /__mock/clock', () => {
  it('reports now, frozen, the pending jobs and when the next one is due', async () => {
    const sim = makeSim();
    expect((await control(sim, 'GET', '/clock')).body).toEqual({
      now: '2026-01-01T00:00:00Z',
      frozen: true,
      pendingJobs: 0,
      nextJobAt: null,
    });
    await guideSubscription(sim);
    expect((await control(sim, 'GET', '/clock')).body).toMatchObject({ pendingJobs: 1, nextJobAt: '2026-01-01T00:00:05Z' });
  });
});

describe('POST /__mock/clock', () => {
  it('advances by a duration and answers the new clock state', async () => {
    const res = await control(makeSim(), 'POST', '/clock', { advance: '90s' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ now: '2026-01-01T00:01:30Z', frozen: true });
  });

  it('activates a pending subscription when advancing past its activation time', async () => {
    const sim = makeSim();
    const sub = await guideSubscription(sim);
    await control(sim, 'POST', '/clock', { advance: '5s' });
    const res = await call(sim, 'GET', p(`/subscriptions/${sub.id}`));
    expect(res.body).toMatchObject({ status: 'active', activatedAt: '2026-01-01T00:00:05Z' });
  });

  it('runs everything that falls due while advancing, in order, each at its own time', async () => {
    const sim = makeSim();
    const { user, address } = await guideUserWithAddress(sim);
    const create = async (activation: string) =>
      (
        await call(
          sim,
          'POST',
          p('/subscriptions'),
          { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address },
          {
            'x-gigs-mock-activation': activation,
          },
        )
      ).body as { id: string };
    const late = await create('10s');
    const early = await create('5s');
    const order: string[] = [];
    sim.store.onEvent((e) => {
      if (e.type === 'com.gigs.subscription.activated') order.push(e.data.id as string);
    });
    await control(sim, 'POST', '/clock', { advance: '1m' });
    expect(order).toEqual([early.id, late.id]);
    expect((await call(sim, 'GET', p(`/subscriptions/${early.id}`))).body.activatedAt).toBe('2026-01-01T00:00:05Z');
    expect((await call(sim, 'GET', p(`/subscriptions/${late.id}`))).body.activatedAt).toBe('2026-01-01T00:00:10Z');
  });

  it('sets the clock to a later instant', async () => {
    const res = await control(makeSim(), 'POST', '/clock', { set: '2026-06-01T00:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.body.now).toBe('2026-06-01T00:00:00Z');
  });

  it('refuses to set the clock to the past with 422 and keeps the time', async () => {
    const sim = makeSim();
    const res = await control(sim, 'POST', '/clock', { set: '2025-12-31T23:59:59Z' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ object: 'error', type: 'invalid' });
    expect((await control(sim, 'GET', '/clock')).body.now).toBe('2026-01-01T00:00:00Z');
  });

  it('refuses a bad duration with 422 naming advance', async () => {
    const sim = makeSim();
    const res = await control(sim, 'POST', '/clock', { advance: 'soon' });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'advance', code: 'propertyInvalid' })]);
    expect((await control(sim, 'GET', '/clock')).body.now).toBe('2026-01-01T00:00:00Z');
  });

  it('refuses a set that is not an ISO date-time with 422', async () => {
    const res = await control(makeSim(), 'POST', '/clock', { set: 'tomorrow' });
    expect(res.status).toBe(422);
  });

  it('refuses a body with none of advance, set and frozen with 422', async () => {
    expect((await control(makeSim(), 'POST', '/clock', {})).status).toBe(422);
  });

  it('refuses an unknown property with 422', async () => {
    expect((await control(makeSim(), 'POST', '/clock', { rewind: '1s' })).status).toBe(422);
  });

  it('refuses a body that is not JSON with 400 malformed', async () => {
    const res = await control(makeSim(), 'POST', '/clock', '{advance', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('malformed');
  });

  it('unfreezes and freezes the clock', async () => {
    const sim = makeSim();
    expect((await control(sim, 'POST', '/clock', { frozen: false })).body.frozen).toBe(false);
    expect(sim.clock.frozen).toBe(false);
    expect((await control(sim, 'POST', '/clock', { frozen: true })).body.frozen).toBe(true);
    expect(sim.clock.frozen).toBe(true);
  });
});

describe('PUT /__mock/projects/{project}/activation', () => {
  it('makes new subscriptions of the project activate immediately', async () => {
    const sim = makeSim();
    const res = await control(sim, 'PUT', `/projects/${PROJECT}/activation`, { mode: 'immediate' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ mode: 'immediate', delayMs: 5000 });
    expect((await guideSubscription(sim)).status).toBe('active');
  });

  it('makes new subscriptions wait for manual activation', async () => {
    const sim = makeSim();
    await control(sim, 'PUT', `/projects/${PROJECT}/activation`, { mode: 'manual' });
    const sub = await guideSubscription(sim);
    await control(sim, 'POST', '/clock', { advance: '1d' });
    expect((await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body.status).toBe('pending');
  });

  it('sets the delay, switching the mode to delay', async () => {
    const sim = makeSim({ activationMode: 'manual' });
    const res = await control(sim, 'PUT', `/projects/${PROJECT}/activation`, { delay: '2m' });
    expect(res.body).toEqual({ mode: 'delay', delayMs: 120_000 });
    const sub = await guideSubscription(sim);
    await control(sim, 'POST', '/clock', { advance: '119s' });
    expect((await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body.status).toBe('pending');
    await control(sim, 'POST', '/clock', { advance: '1s' });
    expect((await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body.status).toBe('active');
  });

  it('leaves the other projects as they were', async () => {
    const sim = makeSim();
    await control(sim, 'PUT', `/projects/${OTHER}/activation`, { mode: 'immediate' });
    expect((await guideSubscription(sim)).status).toBe('pending');
  });

  it('refuses an unknown mode with 422', async () => {
    const res = await control(makeSim(), 'PUT', `/projects/${PROJECT}/activation`, { mode: 'later' });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'mode' })]);
  });

  it('refuses a bad delay with 422', async () => {
    expect((await control(makeSim(), 'PUT', `/projects/${PROJECT}/activation`, { delay: 'soon' })).status).toBe(422);
  });
});

describe('POST /__mock/projects/{project}/subscriptions/{subscription}/activate', () => {
  it('activates a pending subscription now', async () => {
    const sim = makeSim({ activationMode: 'manual' });
    const sub = await guideSubscription(sim);
    await control(sim, 'POST', '/clock', { advance: '1h' });
    const res = await control(sim, 'POST', `/projects/${PROJECT}/subscriptions/${sub.id}/activate`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'subscription', id: sub.id, status: 'active', activatedAt: '2026-01-01T01:00:00Z' });
    expect((await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body.status).toBe('active');
  });

  it('answers 422 for a subscription that is not pending', async () => {
    const sim = makeSim({ activationMode: 'immediate' });
    const sub = await guideSubscription(sim);
    const res = await control(sim, 'POST', `/projects/${PROJECT}/subscriptions/${sub.id}/activate`);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: 'invalid', message: Messages.notPending });
  });

  it('answers 404 for an unknown subscription', async () => {
    const sim = makeSim();
    await call(sim, 'GET', p('/plans'));
    const res = await control(sim, 'POST', `/projects/${PROJECT}/subscriptions/sub_missing/activate`);
    expect(res.status).toBe(404);
  });
});

describe('GET /__mock/scenarios', () => {
  it('lists every scenario with its name and description', async () => {
    const res = await control(makeSim(), 'GET', '/scenarios');
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { name: string }) => s.name)).toEqual(SCENARIO_NAMES);
    for (const item of res.body.items) expect(item.description).toEqual(expect.any(String));
  });

  it('names the current start-up scenario', async () => {
    expect((await control(makeSim({ scenario: 'empty' }), 'GET', '/scenarios')).body.current).toBe('empty');
  });
});

describe('POST /__mock/scenarios/{name}', () => {
  it('resets only the project named by ?project= into the scenario', async () => {
    const sim = makeSim();
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    await call(sim, 'GET', `/projects/${OTHER}/plans`);
    const res = await control(sim, 'POST', `/scenarios/empty?project=${PROJECT}`);
    expect(res.status).toBe(200);
    expect((await call(sim, 'GET', p('/users'))).body.items).toEqual([]);
    expect((await call(sim, 'GET', p('/plans'))).body.items).toEqual([]);
    expect((await call(sim, 'GET', `/projects/${OTHER}/plans?limit=100`)).body.items).toHaveLength(8);
  });

  it('switches the whole simulator without ?project=', async () => {
    const sim = makeSim();
    await call(sim, 'GET', p('/plans'));
    await control(sim, 'POST', '/scenarios/empty');
    expect((await call(sim, 'GET', p('/plans'))).body.items).toEqual([]);
    expect((await call(sim, 'GET', '/projects/brand-new/plans')).body.items).toEqual([]);
    expect((await control(sim, 'GET', '/scenarios')).body.current).toBe('empty');
  });

  it('answers 404 notFound for an unknown scenario', async () => {
    const res = await control(makeSim(), 'POST', '/scenarios/no-such-scenario');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ object: 'error', type: 'notFound' });
    expect(res.body.message).toContain('no-such-scenario');
  });

  it('loads every listed scenario', async () => {
    for (const name of scenarioNames())
      expect((await control(makeSim(), 'POST', `/scenarios/${name}?project=x`)).status).toBe(200);
  });
});

describe('POST /__mock/faults', () => {
  it('adds a rule and answers 201 with its id and no hits', async () => {
    const res = await control(makeSim(), 'POST', '/faults', { method: 'POST', path: '/subscriptions', status: 503, times: 3 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^flt_/),
      method: 'POST',
      path: '/subscriptions',
      status: 503,
      times: 3,
      hits: 0,
    });
  });

  it('makes matching requests fail with the Gigs error body', async () => {
    const sim = makeSim();
    await control(sim, 'POST', '/faults', { path: '/plans', status: 500, code: 'unknown', message: 'Boom.' });
    const res = await call(sim, 'GET', p('/plans'));
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ object: 'error', type: 'internal', code: 'unknown', message: 'Boom.' });
  });

  it('gives a status-only rule its type, code and a message', async () => {
    const sim = makeSim();
    await control(sim, 'POST', '/faults', { status: 503 });
    const res = await call(sim, 'GET', p('/plans'));
    expect(res.body).toEqual({
      object: 'error',
      type: 'internal',
      code: 'serviceUnavailable',
      message: Messages.injected(503),
    });
  });

  it('leaves requests that do not match alone', async () => {
    const sim = makeSim();
    await control(sim, 'POST', '/faults', { method: 'POST', path: '/subscriptions', status: 503 });
    expect((await call(sim, 'GET', p('/subscriptions'))).status).toBe(200);
  });

  it('expires a rule with times: N after N hits', async () => {
    const sim = makeSim();
    await control(sim, 'POST', '/faults', { path: '/plans', status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(sim, 'GET', p('/plans'))).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect((await control(sim, 'GET', '/faults')).body.items).toEqual([]);
  });

  it('affects only the project a rule names', async () => {
    const sim = makeSim();
    await control(sim, 'POST', '/faults', { project: PROJECT, status: 503 });
    expect((await call(sim, 'GET', p('/plans'))).status).toBe(503);
    expect((await call(sim, 'GET', `/projects/${OTHER}/plans`)).status).toBe(200);
  });

  it('matches /projects/*/users/* on one user, not on the list of users', async () => {
    const sim = makeSim();
    const { user } = await guideUserWithAddress(sim);
    await control(sim, 'POST', '/faults', { path: '/projects/*/users/*', status: 503 });
    expect((await call(sim, 'GET', p(`/users/${user}`))).status).toBe(503);
    expect((await call(sim, 'GET', p('/users'))).status).toBe(200);
  });

  it('matches /** on every API path', async () => {
    const sim = makeSim();
    await control(sim, 'POST', '/faults', { path: '/**', status: 429 });
    expect((await call(sim, 'GET', p('/plans'))).status).toBe(429);
    expect((await call(sim, 'POST', p('/users'), { email: 'a@example.com' })).status).toBe(429);
  });

  it('never touches the control plane itself', async () => {
    const sim = makeSim();
    await control(sim, 'POST', '/faults', { path: '/**', status: 503 });
    expect((await control(sim, 'GET', '/faults')).status).toBe(200);
  });

  it('delays a matching request by a fixed latency', async () => {
    const slept = recordSleeps();
    const sim = makeSim();
    await control(sim, 'POST', '/faults', { path: '/plans', latency: '250ms' });
    expect((await call(sim, 'GET', p('/plans'))).status).toBe(200);
    expect(slept).toEqual([250]);
  });

  it('delays a matching request by a latency picked from a range', async () => {
    const slept = recordSleeps();
    const sim = makeSim();
    await control(sim, 'POST', '/faults', { latency: { min: '100ms', max: '2s' } });
    for (let i = 0; i < 5; i++) await call(sim, 'GET', p('/plans'));
    expect(slept).toHaveLength(5);
    for (const ms of slept) expect(ms).toBeGreaterThanOrEqual(100);
    for (const ms of slept) expect(ms).toBeLessThanOrEqual(2000);
  });

  it.each([
    ['a probability above 1', { probability: 1.5 }, 'probability'],
    ['a latency that is not a duration', { latency: 'soon' }, 'latency'],
    ['a latency range with min above max', { latency: { min: '2s', max: '1s' } }, 'latency'],
    ['a status below 400', { status: 200 }, 'status'],
    ['times of 0', { times: 0 }, 'times'],
    ['an unknown property', { when: 'always' }, 'when'],
    ['a type Gigs does not have', { type: 'teapot' }, 'type'],
    ['the retired type rateLimited', { type: 'rateLimited' }, 'type'],
    ['the retired type unavailable', { type: 'unavailable' }, 'type'],
  ])('refuses %s with 422 naming it', async (_what, rule, property) => {
    const sim = makeSim();
    const res = await control(sim, 'POST', '/faults', rule);
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property })]);
    expect((await control(sim, 'GET', '/faults')).body.items).toEqual([]);
  });
});

describe('GET and DELETE /__mock/faults', () => {
  it('lists the rules with their hit counts', async () => {
    const sim = makeSim();
    await control(sim, 'POST', '/faults', { path: '/plans', status: 503 });
    await call(sim, 'GET', p('/plans'));
    const res = await control(sim, 'GET', '/faults');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({ path: '/plans', status: 503, hits: 1 })]);
  });

  it('clears every rule', async () => {
    const sim = makeSim();
    await control(sim, 'POST', '/faults', { status: 503 });
    await control(sim, 'POST', '/faults', { status: 500 });
    expect((await control(sim, 'DELETE', '/faults')).status).toBe(200);
    expect((await control(sim, 'GET', '/faults')).body.items).toEqual([]);
    expect((await call(sim, 'GET', p('/plans'))).status).toBe(200);
  });

  it('removes one rule by id', async () => {
    const sim = makeSim();
    const gone = (await control(sim, 'POST', '/faults', { path: '/plans', status: 503 })).body;
    const kept = (await control(sim, 'POST', '/faults', { path: '/users', status: 500 })).body;
    expect((await control(sim, 'DELETE', `/faults/${gone.id}`)).status).toBe(200);
    expect((await control(sim, 'GET', '/faults')).body.items.map((f: { id: string }) => f.id)).toEqual([kept.id]);
  });

  it('answers 404 when removing an unknown rule', async () => {
    expect((await control(makeSim(), 'DELETE', '/faults/flt_99')).status).toBe(404);
  });
});

describe('x-gigs-mock-error', () => {
  const withError = (value: string) => call(makeSim(), 'GET', p('/plans'), undefined, { 'x-gigs-mock-error': value });

  it('answers 503 with type internal and code serviceUnavailable', async () => {
    const res = await withError('503');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      object: 'error',
      type: 'internal',
      code: 'serviceUnavailable',
      message: expect.any(String),
    });
  });

  it('takes serviceUnavailable as a code and answers 503', async () => {
    const res = await withError('serviceUnavailable');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ type: 'internal', code: 'serviceUnavailable' });
  });

  it('takes simAlreadyUsed as a code and answers 422 invalid', async () => {
    const res = await withError('simAlreadyUsed');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ object: 'error', type: 'invalid', code: 'simAlreadyUsed' });
  });

  it('takes notFound as a type and answers 404', async () => {
    const res = await withError('notFound');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ object: 'error', type: 'notFound' });
  });

  it('answers 500 with type internal and code unknown', async () => {
    const res = await withError('500');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ type: 'internal', code: 'unknown' });
  });

  it('does not run the request it fails', async () => {
    const sim = makeSim();
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' }, { 'x-gigs-mock-error': '503' });
    expect((await call(sim, 'GET', p('/users'))).body.items).toEqual([]);
  });

  it.each([
    ['tooManyRequests', 429],
    ['conflict', 409],
    ['notImplemented', 501],
    ['internal', 500],
  ])('takes %s as a type and answers %i', async (type, status) => {
    const res = await withError(type);
    expect(res.status).toBe(status);
    expect(res.body.type).toBe(type);
  });

  it.each([
    ['rateLimited', 'tooManyRequests'],
    ['unavailable', 'internal (with code serviceUnavailable)'],
  ])('refuses the retired type %s, naming %s instead', async (value, replacement) => {
    const res = await withError(value);
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(Messages.retiredErrorType(value, replacement));
  });

  it.each(['200', '600', 'not a code!'])('refuses the value %j with 422 naming the header', async (value) => {
    const res = await withError(value);
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'x-gigs-mock-error' })]);
  });
});

describe('x-gigs-mock-delay', () => {
  it('delays the answer by that long', async () => {
    const slept = recordSleeps();
    const res = await call(makeSim(), 'GET', p('/plans'), undefined, { 'x-gigs-mock-delay': '300ms' });
    expect(res.status).toBe(200);
    expect(slept).toEqual([300]);
  });

  it.each(['soon', '61s'])('refuses the value %j with 422 naming the header', async (value) => {
    const slept = recordSleeps();
    const res = await call(makeSim(), 'GET', p('/plans'), undefined, { 'x-gigs-mock-delay': value });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'x-gigs-mock-delay' })]);
    expect(slept).toEqual([]);
  });
});

describe('GET /__mock/requests', () => {
  it('lists the last requests, newest first, with method, path, status and durationMs', async () => {
    const sim = makeSim();
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    await call(sim, 'GET', p('/users/usr_missing'));
    const res = await control(sim, 'GET', '/requests');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ method: 'GET', path: p('/users/usr_missing'), status: 404, durationMs: expect.any(Number) }),
      expect.objectContaining({ method: 'POST', path: p('/users'), status: 201, durationMs: expect.any(Number) }),
    ]);
    for (const item of res.body.items) expect(item.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('records the status of an injected failure', async () => {
    const sim = makeSim();
    await call(sim, 'GET', p('/plans'), undefined, { 'x-gigs-mock-error': '503' });
    expect((await control(sim, 'GET', '/requests')).body.items[0]).toMatchObject({ path: p('/plans'), status: 503 });
  });

  it('records a validation failure with its status', async () => {
    const sim = makeSim();
    await call(sim, 'POST', p('/users'), { email: 'not-an-email' });
    expect((await control(sim, 'GET', '/requests')).body.items[0]).toMatchObject({
      method: 'POST',
      path: p('/users'),
      status: 422,
    });
  });

  it('records an unknown route once, under a project and under the control plane', async () => {
    const sim = makeSim();
    await call(sim, 'GET', p('/gadgets'));
    await control(sim, 'GET', '/gadgets');
    const items = (await control(sim, 'GET', '/requests')).body.items;
    expect(items.map((i: any) => [i.path, i.status])).toEqual([
      ['/__mock/gadgets', 404],
      [p('/gadgets'), 404],
    ]);
  });

  it('keeps the newest 200 requests, newest first', async () => {
    const sim = makeSim();
    for (let i = 0; i < 205; i++) await call(sim, 'GET', p(`/users/usr_${i}`));
    const items = (await control(sim, 'GET', '/requests?limit=200')).body.items;
    expect(items).toHaveLength(200);
    expect(items[0].path).toBe(p('/users/usr_204'));
    expect(items[199].path).toBe(p('/users/usr_5'));
  });

  it('returns at most ?limit= entries', async () => {
    const sim = makeSim();
    for (let i = 0; i < 5; i++) await call(sim, 'GET', p('/plans'));
    expect((await control(sim, 'GET', '/requests?limit=3')).body.items).toHaveLength(3);
  });

  it.each(['0', '201', 'abc'])('refuses limit=%s with 422', async (limit) => {
    expect((await control(makeSim(), 'GET', `/requests?limit=${limit}`)).status).toBe(422);
  });

  it('forgets the requests on a full reset', async () => {
    const sim = makeSim();
    await call(sim, 'GET', p('/plans'));
    await control(sim, 'POST', '/reset');
    const items = (await control(sim, 'GET', '/requests')).body.items;
    expect(items).toEqual([expect.objectContaining({ path: '/__mock/reset' })]);
  });
});

describe('GET and PUT /__mock/snapshot', () => {
  it('returns the whole state as JSON', async () => {
    const sim = makeSim();
    await guideSubscription(sim);
    const res = await control(sim, 'GET', '/snapshot');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'gigs-mock/snapshot@1', scenario: 'default', faults: [] });
    expect(res.body.projects).toEqual([expect.objectContaining({ id: PROJECT })]);
    expect(res.body.projects[0].subscriptions).toHaveLength(1);
    expect(res.body.jobs).toHaveLength(1);
  });

  it('restores a snapshot so exactly that a new snapshot equals it', async () => {
    const sim = makeSim();
    await guideSubscription(sim);
    await control(sim, 'POST', '/faults', { path: '/plans', status: 503, probability: 0.5, latency: { min: '1ms', max: '2ms' } });
    const saved = (await control(sim, 'GET', '/snapshot')).body;
    const copy = makeSim();
    const res = await control(copy, 'PUT', '/snapshot', saved);
    expect(res.status).toBe(200);
    expect((await control(copy, 'GET', '/snapshot')).body).toEqual(saved);
  });

  it('continues ids after a restore as the original would have', async () => {
    const sim = makeSim();
    await guideSubscription(sim);
    const saved = (await control(sim, 'GET', '/snapshot')).body;
    const expected = (await call(sim, 'POST', p('/users'), { email: 'next@example.com' })).body.id;
    const copy = makeSim({ seed: 'another-seed' });
    await control(copy, 'PUT', '/snapshot', saved);
    expect((await call(copy, 'POST', p('/users'), { email: 'next@example.com' })).body.id).toBe(expected);
  });

  it('keeps pending work: an activation scheduled before the snapshot fires after the restore', async () => {
    const sim = makeSim();
    const sub = await guideSubscription(sim);
    const saved = (await control(sim, 'GET', '/snapshot')).body;
    const copy = makeSim({ seed: 'another-seed' });
    await control(copy, 'PUT', '/snapshot', saved);
    expect((await call(copy, 'GET', p(`/subscriptions/${sub.id}`))).body.status).toBe('pending');
    await control(copy, 'POST', '/clock', { advance: '5s' });
    expect((await call(copy, 'GET', p(`/subscriptions/${sub.id}`))).body).toMatchObject({
      status: 'active',
      activatedAt: '2026-01-01T00:00:05Z',
    });
  });

  it.each([
    ['an empty object', {}],
    ['another format', { format: 'gigs-mock/snapshot@0' }],
    ['a list', []],
  ])('refuses %s with 422 and keeps the state', async (_what, bad) => {
    const sim = makeSim();
    await guideSubscription(sim);
    const before = (await control(sim, 'GET', '/snapshot')).body;
    const res = await control(sim, 'PUT', '/snapshot', bad);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ object: 'error', type: 'invalid' });
    expect((await control(sim, 'GET', '/snapshot')).body).toEqual(before);
  });

  it('refuses a snapshot with a broken user and keeps the state', async () => {
    const sim = makeSim();
    await guideSubscription(sim);
    const before = (await control(sim, 'GET', '/snapshot')).body;
    const bad = structuredClone(before);
    bad.projects[0].users[0].email = 42;
    expect((await control(sim, 'PUT', '/snapshot', bad)).status).toBe(422);
    expect((await control(sim, 'GET', '/snapshot')).body).toEqual(before);
  });

  it('refuses a snapshot with a broken fault rule and keeps the state', async () => {
    const sim = makeSim();
    await guideSubscription(sim);
    const before = (await control(sim, 'GET', '/snapshot')).body;
    const bad = { ...structuredClone(before), projects: [], faults: [{ id: 'flt_1', hits: 0, path: 42 }] };
    expect((await control(sim, 'PUT', '/snapshot', bad)).status).toBe(422);
    expect((await control(sim, 'GET', '/snapshot')).body).toEqual(before);
  });

  it('refuses a snapshot naming an unknown scenario with 422 and keeps the state', async () => {
    const sim = makeSim();
    await guideSubscription(sim);
    const before = (await control(sim, 'GET', '/snapshot')).body;
    const res = await control(sim, 'PUT', '/snapshot', { ...before, projects: [], scenario: 'no-such-scenario' });
    expect(res.status).toBe(422);
    expect((await control(sim, 'GET', '/snapshot')).body).toEqual(before);
  });
});

describe('GET /openapi.json', () => {
  it('leaves the control plane out of the public document', async () => {
    const doc = (await call(makeSim(), 'GET', '/openapi.json')).body;
    const paths = Object.keys(doc.paths);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((path) => path.includes('__mock'))).toEqual([]);
  });
});
