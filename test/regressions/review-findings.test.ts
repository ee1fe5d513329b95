import { afterEach, describe, expect, it, vi } from 'vitest';
import { Clock } from '../../src/engine/clock.js';
import { Scheduler } from '../../src/engine/scheduler.js';
import { createSimulator } from '../../src/simulator.js';
import { call, makeSim as makeBareSim, p } from '../helpers.js';
import { startReceiver } from '../support/receiver.js';

// User changes are the cheapest events to make, but com.gigs.user.created/.updated are not in
// Gigs' event index and are emitted only with extraEvents (src/store/context.ts): these tests turn
// them on. test/webhooks.test.ts checks the default.
const makeSim = (options: Parameters<typeof makeBareSim>[0] = {}) => makeBareSim({ extraEvents: true, ...options });

// Each test is named after what a review or a first-time user found broken.
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('webhook retries and the clock', () => {
  it('replays every retry in one POST /__mock/clock advance until the delivery fails', async () => {
    const hooks = await startReceiver(() => 500);
    closers.push(hooks.close);
    const sim = makeSim({ webhookUrls: [hooks.url] });
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    const res = await call(sim, 'POST', '/__mock/clock', { advance: '2d' });
    expect(res.status).toBe(200);
    const [delivery] = sim.webhooks.deliveries();
    expect(delivery?.attempts).toHaveLength(8);
    expect(delivery?.status).toBe('failed');
    expect(hooks.received).toHaveLength(8);
  });

  it('stops retrying deliveries of an endpoint that was removed', async () => {
    const hooks = await startReceiver(() => 500);
    closers.push(hooks.close);
    const sim = makeSim();
    const endpoint = sim.webhooks.addEndpoint(hooks.url);
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    await sim.webhooks.idle();
    sim.webhooks.removeEndpoint(endpoint.id);
    await sim.advanceAsync('1h');
    const [delivery] = sim.webhooks.deliveries();
    expect(delivery?.status).toBe('failed');
    expect(hooks.received).toHaveLength(1);
  });

  it("sends an endpoint limited to a project only that project's events", async () => {
    const hooks = await startReceiver();
    closers.push(hooks.close);
    const sim = makeSim();
    sim.webhooks.addEndpoint(hooks.url, null, 'alpha');
    await call(sim, 'POST', '/projects/alpha/users', { email: 'a@example.com' });
    await call(sim, 'POST', '/projects/beta/users', { email: 'b@example.com' });
    await sim.webhooks.idle();
    expect(hooks.received.map((r) => r.json.project)).toEqual(['alpha']);
  });
});

describe('ids and snapshots', () => {
  it('gives the same resource ids for a seed whether or not webhooks are configured', async () => {
    const plain = makeSim();
    const hooked = makeSim({ webhookUrls: ['http://127.0.0.1:9/never'] });
    const a = await call(plain, 'POST', p('/users'), { email: 'a@example.com' });
    const b = await call(hooked, 'POST', p('/users'), { email: 'a@example.com' });
    await hooked.webhooks.idle();
    expect(b.body.id).toBe(a.body.id);
  });

  it('never gives two events the same id across a snapshot restore', async () => {
    const sim = makeSim();
    const saved = sim.snapshot();
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    const before = sim.events.list({}).items.map((e) => e.id);
    sim.restore(saved);
    expect(sim.events.size).toBe(0);
    await call(sim, 'POST', p('/users'), { email: 'b@example.com' });
    const after = sim.events.list({}).items.map((e) => e.id);
    for (const id of after) expect(before).not.toContain(id);
  });
});

describe('clock', () => {
  it('does not freeze the clock when the same request also sets a time in the past', async () => {
    const sim = makeSim();
    sim.freeze(false);
    const res = await call(sim, 'POST', '/__mock/clock', { frozen: true, set: '2020-01-01T00:00:00Z' });
    expect(res.status).toBe(422);
    expect(sim.clock.frozen).toBe(false);
  });

  it('keeps a running clock level with wall time after settling slow work', () => {
    let wall = 1_000_000;
    const clock = new Clock({ wall: () => wall });
    const sim = createSimulator({ clock, activationMode: 'delay', activationDelay: '1s' });
    sim.store.ensureProject('p');
    const user = sim.store.users.create('p', { email: 'a@example.com' });
    sim.store.subscriptions.create('p', { plan: 'pln_0SNlurA049MEWV3eTravelEuTest', user: user.id, sim: 'auto' });
    wall += 5_000;
    const started = clock.now();
    // The activation itself takes 700 ms of wall time.
    const original = sim.store.subscriptions.activateDue.bind(sim.store.subscriptions);
    vi.spyOn(sim.store.subscriptions, 'activateDue').mockImplementation((project, id) => {
      wall += 700;
      return original(project, id);
    });
    sim.engine.settle();
    expect(clock.now()).toBeGreaterThanOrEqual(started + 700);
  });
});

describe('scheduled work that throws', () => {
  it('reports the error and still runs the other due jobs', () => {
    const scheduler = new Scheduler();
    const errors: unknown[] = [];
    const ran: string[] = [];
    scheduler.onError = (_job, error) => errors.push(error);
    scheduler.on('boom', () => {
      throw new Error('broken job');
    });
    scheduler.on('ok', (job) => ran.push(job.target));
    scheduler.schedule({ at: 1, kind: 'boom', project: 'p', target: 'a' });
    scheduler.schedule({ at: 2, kind: 'ok', project: 'p', target: 'b' });
    expect(scheduler.runDue(10)).toBe(2);
    expect(ran).toEqual(['b']);
    expect(errors).toHaveLength(1);
  });
});

describe('control plane bodies', () => {
  it('answers a snapshot sent as text/plain with 415, like the API does', async () => {
    const res = await call(makeSim(), 'PUT', '/__mock/snapshot', '{}', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
  });
});

describe('snapshots with dangling references', () => {
  it('refuses a subscription whose user is missing with 422, and keeps the running state', async () => {
    const sim = makeSim({ activationMode: 'immediate' });
    const user = await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    await call(sim, 'POST', p('/subscriptions'), { plan: 'pln_0SNlurA049MEWV3eTravelEuTest', user: user.body.id, sim: 'auto' });
    const snapshot = sim.snapshot();
    const broken = structuredClone(snapshot);
    const project = broken.projects[0];
    if (project) project.users = [];
    const res = await call(sim, 'PUT', '/__mock/snapshot', broken);
    expect(res.status).toBe(422);
    expect(res.body.details.map((d: { property: string }) => d.property)).toContain('projects.0.subscriptions.0.user');
    expect(sim.snapshot()).toEqual(snapshot);
    expect((await call(sim, 'GET', p('/subscriptions'))).status).toBe(200);
  });
});

describe('unexpected errors', () => {
  it('reports a 500 to onError with the request, and answers a Gigs error body', async () => {
    const seen: string[] = [];
    const sim = makeSim({ onError: (_error, context) => seen.push(context) });
    vi.spyOn(sim.store.users, 'list').mockImplementation(() => {
      throw new TypeError('bug');
    });
    const res = await call(sim, 'GET', p('/users'));
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ object: 'error', type: 'internal', code: 'unknown' });
    expect(seen).toEqual([`GET ${p('/users')}`]);
  });
});
