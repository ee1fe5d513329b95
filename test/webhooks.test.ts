import { Webhook } from 'svix';
import { afterEach, describe, expect, it } from 'vitest';
import { RETRY_SCHEDULE_MS } from '../src/engine/webhooks.js';
import { call, GUIDE_ADDRESS, GUIDE_PLAN_ID, makeSim as makeBareSim, p } from './helpers.js';
import { startReceiver } from './support/receiver.js';

// User changes are the cheapest events to make, but com.gigs.user.created/.updated are not in
// Gigs' event index and are emitted only with extraEvents (src/store/context.ts): these tests turn
// them on. 'emits no com.gigs.user.created or .updated by default' below checks the default.
const makeSim = (options: Parameters<typeof makeBareSim>[0] = {}) => makeBareSim({ extraEvents: true, ...options });

const SECRET = 'whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function receiver(respond?: (n: number) => number | 'hang') {
  const r = await startReceiver(respond);
  closers.push(r.close);
  return r;
}

async function guideSubscription(sim: ReturnType<typeof makeSim>) {
  const user = await call(sim, 'POST', p('/users'), { email: 'jerry@example.com', fullName: 'Jerry Seinfeld' });
  const address = await call(sim, 'POST', p(`/users/${user.body.id}/addresses`), GUIDE_ADDRESS);
  const sub = await call(sim, 'POST', p('/subscriptions'), {
    plan: GUIDE_PLAN_ID,
    user: user.body.id,
    sim: 'auto',
    userAddress: address.body.id,
  });
  return sub.body;
}

describe('webhooks', () => {
  it("delivers the guide's subscription.created and then subscription.activated with the subscription as data", async () => {
    const hooks = await receiver();
    const sim = makeSim({ webhookUrls: [hooks.url], webhookSecret: SECRET });
    const sub = await guideSubscription(sim);
    await sim.webhooks.idle();
    sim.advance('5s');
    await sim.webhooks.idle();
    const types = hooks.types();
    expect(types).toContain('com.gigs.subscription.created');
    expect(types.indexOf('com.gigs.subscription.created')).toBeLessThan(types.indexOf('com.gigs.subscription.activated'));
    const created = hooks.received.find((r) => r.json.type === 'com.gigs.subscription.created')?.json;
    const activated = hooks.received.find((r) => r.json.type === 'com.gigs.subscription.activated')?.json;
    expect(created.data).toMatchObject({ id: sub.id, status: 'pending', sim: null });
    expect(activated.data).toMatchObject({
      id: sub.id,
      status: 'active',
      sim: { object: 'sim', type: 'eSIM', status: 'active' },
    });
    expect(activated.time).toBe('2026-01-01T00:00:05Z');
  });

  it('wraps each event in the Gigs envelope', async () => {
    const hooks = await receiver();
    const sim = makeSim({ webhookUrls: [hooks.url] });
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    await sim.webhooks.idle();
    const event = hooks.received[0]?.json;
    expect(Object.keys(event).sort()).toEqual(
      ['object', 'id', 'actor', 'data', 'datacontenttype', 'project', 'source', 'specversion', 'time', 'type', 'version'].sort(),
    );
    expect(event).toMatchObject({
      object: 'event',
      datacontenttype: 'application/json',
      project: 'test-project',
      source: 'https://api.gigs.com',
      specversion: '1.0',
      type: 'com.gigs.user.created',
      version: '2026-01-29',
    });
    expect(event.id).toMatch(/^evt_[0-9A-Za-z]{28}$/);
  });

  it('names the API key as actor for API calls and the system for scheduled activation', async () => {
    const sim = makeSim();
    await guideSubscription(sim);
    sim.advance('5s');
    const created = sim.events.list({ limit: 200 }, { type: 'com.gigs.subscription.created' }).items[0];
    const activated = sim.events.list({ limit: 200 }, { type: 'com.gigs.subscription.activated' }).items[0];
    expect(created?.actor).toMatchObject({ type: 'apiKey' });
    expect((created?.actor as { apiKey?: string } | undefined)?.apiKey).toMatch(/^apk_[0-9A-Za-z]{28}$/);
    expect(activated?.actor).toEqual({ type: 'system' });
  });

  it('includes previousData on updated events only, with the changed fields', async () => {
    const sim = makeSim();
    const user = await call(sim, 'POST', p('/users'), { email: 'a@example.com', fullName: 'Old Name' });
    await call(sim, 'PATCH', p(`/users/${user.body.id}`), { fullName: 'New Name' });
    const events = sim.events.list({ limit: 200 }).items;
    const updated = events.find((e) => e.type === 'com.gigs.user.updated');
    expect(updated?.previousData).toEqual({ fullName: 'Old Name' });
    expect(updated?.data).toMatchObject({ fullName: 'New Name' });
    for (const e of events.filter((x) => !x.type.endsWith('.updated'))) expect(e).not.toHaveProperty('previousData');
  });

  it('signs deliveries so that the svix verifier accepts them', async () => {
    const hooks = await receiver();
    const sim = makeSim({ webhookUrls: [hooks.url], webhookSecret: SECRET });
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    await sim.webhooks.idle();
    const [req] = hooks.received;
    expect(req?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const verified = new Webhook(SECRET).verify(req?.body ?? '', {
      'webhook-id': String(req?.headers['webhook-id']),
      'webhook-timestamp': String(req?.headers['webhook-timestamp']),
      'webhook-signature': String(req?.headers['webhook-signature']),
    });
    expect(verified).toMatchObject({ type: 'com.gigs.user.created' });
  });

  it('fails verification with another secret', async () => {
    const hooks = await receiver();
    const sim = makeSim({ webhookUrls: [hooks.url], webhookSecret: SECRET });
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    await sim.webhooks.idle();
    const [req] = hooks.received;
    const headers = {
      'webhook-id': String(req?.headers['webhook-id']),
      'webhook-timestamp': String(req?.headers['webhook-timestamp']),
      'webhook-signature': String(req?.headers['webhook-signature']),
    };
    expect(() => new Webhook('whsec_b3RoZXJzZWNyZXRvdGhlcnNlY3JldA==').verify(req?.body ?? '', headers)).toThrow();
  });

  it('retries a failing receiver on the Svix schedule and delivers on the third attempt with the same webhook-id', async () => {
    const hooks = await receiver((n) => (n <= 2 ? 500 : 200));
    const sim = makeSim({ webhookUrls: [hooks.url] });
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    await sim.webhooks.idle();
    expect(hooks.received).toHaveLength(1);
    sim.advance(RETRY_SCHEDULE_MS[1] as number);
    await sim.webhooks.idle();
    expect(hooks.received).toHaveLength(2);
    sim.advance(RETRY_SCHEDULE_MS[2] as number);
    await sim.webhooks.idle();
    expect(hooks.received).toHaveLength(3);
    const ids = new Set(hooks.received.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    const [delivery] = sim.webhooks.deliveries();
    expect(delivery?.status).toBe('succeeded');
    expect(delivery?.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
  });

  it('does not retry before the next retry time', async () => {
    const hooks = await receiver(() => 500);
    const sim = makeSim({ webhookUrls: [hooks.url] });
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    await sim.webhooks.idle();
    sim.advance(4_999);
    await sim.webhooks.idle();
    expect(hooks.received).toHaveLength(1);
    expect(sim.webhooks.deliveries()[0]?.nextAttemptAt).toBe('2026-01-01T00:00:05Z');
  });

  it('loses nothing while the receiver is down for an hour of simulated time', async () => {
    let up = false;
    const hooks = await receiver(() => (up ? 200 : 503));
    const sim = makeSim({ webhookUrls: [hooks.url] });
    await guideSubscription(sim);
    sim.advance('5s');
    await sim.webhooks.idle();
    const eventIds = sim.events.list({ limit: 200 }).items.map((e) => e.id);
    for (let elapsed = 0; elapsed < 3_600_000; elapsed += 60_000) {
      sim.advance('1m');
      await sim.webhooks.idle();
    }
    expect(sim.webhooks.deliveries({ status: 'succeeded' })).toEqual([]);
    up = true;
    sim.advance('5h');
    await sim.webhooks.idle();
    const delivered = new Set(hooks.received.filter((r) => r.json && up).map((r) => r.json.id));
    for (const id of eventIds) expect(delivered).toContain(id);
    expect(sim.webhooks.deliveries({ status: 'pending' })).toEqual([]);
  });

  it('answers the API request while the receiver still hangs', async () => {
    const hooks = await receiver(() => 'hang');
    const sim = makeSim({ webhookUrls: [hooks.url] });
    const res = await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    expect(res.status).toBe(201);
    expect(sim.webhooks.deliveries()[0]?.status).toBe('sending');
    await hooks.waitFor(1);
    hooks.release();
    await sim.webhooks.idle();
    expect(sim.webhooks.deliveries()[0]?.status).toBe('succeeded');
  });

  it('counts a receiver that does not answer in time as a failed attempt', async () => {
    const hooks = await receiver(() => 'hang');
    const sim = makeSim({ webhookUrls: [hooks.url], webhookTimeoutMs: 50 });
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    await sim.webhooks.idle();
    const [delivery] = sim.webhooks.deliveries();
    expect(delivery?.attempts[0]).toMatchObject({ status: null, error: 'timeout' });
    expect(delivery?.status).toBe('pending');
  });

  it('delivers only the event types an endpoint asked for', async () => {
    const hooks = await receiver();
    const sim = makeSim();
    sim.webhooks.addEndpoint(hooks.url, ['com.gigs.subscription.*']);
    await guideSubscription(sim);
    sim.advance('5s');
    await sim.webhooks.idle();
    expect(hooks.types().length).toBeGreaterThan(0);
    for (const type of hooks.types()) expect(type.startsWith('com.gigs.subscription.')).toBe(true);
  });

  it('sends no webhooks for the data a scenario seeds', async () => {
    const hooks = await receiver();
    const sim = makeSim({ webhookUrls: [hooks.url], scenario: 'populated' });
    await call(sim, 'GET', p('/users?limit=1'));
    await sim.webhooks.idle();
    expect(hooks.received).toHaveLength(0);
  });
});

describe('events', () => {
  it('records an event for every kind of state change the issue lists', async () => {
    const sim = makeSim();
    const sub = await guideSubscription(sim);
    sim.advance('5s');
    await call(sim, 'PATCH', p(`/subscriptions/${sub.id}`), { metadata: { a: 'b' } });
    await call(sim, 'POST', p(`/subscriptions/${sub.id}/cancel`));
    await call(sim, 'POST', p(`/subscriptions/${sub.id}/resume`));
    sim.advance('32d');
    await call(sim, 'POST', p(`/subscriptions/${sub.id}/end`));
    await call(sim, 'PATCH', p(`/users/${sub.user.id}`), { fullName: 'J. Seinfeld' });
    await call(sim, 'DELETE', p(`/users/${sub.user.id}`));
    const types = new Set(sim.events.list({ limit: 200 }).items.map((e) => e.type));
    for (const type of [
      'com.gigs.subscription.created',
      'com.gigs.subscription.activated',
      'com.gigs.subscription.updated',
      'com.gigs.subscription.canceled',
      'com.gigs.subscription.resumed',
      'com.gigs.subscription.renewed',
      'com.gigs.subscription.ended',
      'com.gigs.sim.activated',
      'com.gigs.sim.deactivated',
      'com.gigs.user.created',
      'com.gigs.user.updated',
      'com.gigs.user.deleted',
      'com.gigs.user.address.created',
    ]) {
      expect(types, type).toContain(type);
    }
  });

  it('emits no com.gigs.user.created or .updated by default: they are not in the Gigs event index', async () => {
    const sim = makeBareSim();
    const sub = await guideSubscription(sim);
    await call(sim, 'PATCH', p(`/users/${sub.user.id}`), { fullName: 'J. Seinfeld' });
    await call(sim, 'DELETE', p(`/users/${sub.user.id}`));
    const types = sim.events.list({ limit: 200 }).items.map((e) => e.type);
    expect(types).not.toContain('com.gigs.user.created');
    expect(types).not.toContain('com.gigs.user.updated');
    expect(types).toContain('com.gigs.user.deleted');
    expect(types).toContain('com.gigs.user.address.created');
    expect(types).toContain('com.gigs.subscription.created');
  });

  // Event data is made when first read (src/store/domain-event.ts): read late, it must still be
  // the state at the time of the event.
  it('shows each event as things were when it happened, however late it is read', async () => {
    const sim = makeSim();
    const sub = await guideSubscription(sim);
    sim.advance('5s');
    await call(sim, 'PATCH', p(`/users/${sub.user.id}`), { fullName: 'Cosmo Kramer' });
    await call(sim, 'POST', p(`/subscriptions/${sub.id}/end`));
    const events = sim.events.list({ limit: 200 }).items;
    const data = (type: string) => events.find((e) => e.type === type)?.data as any;
    expect(data('com.gigs.subscription.created')).toMatchObject({
      status: 'pending',
      sim: null,
      user: { fullName: 'Jerry Seinfeld' },
    });
    expect(data('com.gigs.subscription.activated')).toMatchObject({ status: 'active', sim: { status: 'active' } });
    expect(data('com.gigs.subscription.activated').user.fullName).toBe('Jerry Seinfeld');
    expect(data('com.gigs.sim.activated')).toMatchObject({ object: 'sim', status: 'active' });
    expect(data('com.gigs.sim.deactivated')).toMatchObject({ object: 'sim', status: 'inactive' });
    expect(data('com.gigs.subscription.ended')).toMatchObject({ status: 'ended', user: { fullName: 'Cosmo Kramer' } });
    expect(data('com.gigs.user.address.created')).toMatchObject({ object: 'userAddress', city: GUIDE_ADDRESS.city });
  });

  it('keeps only the newest events when the log is full', async () => {
    const sim = makeSim({ eventLogSize: 3 });
    for (let i = 0; i < 5; i++) await call(sim, 'POST', p('/users'), { email: `u${i}@example.com` });
    const kept = sim.events.list({ limit: 200 }).items.map((e) => (e.data as { email: string }).email);
    expect(kept).toEqual(['u4@example.com', 'u3@example.com', 'u2@example.com']);
  });
});

describe('events and webhooks control plane', () => {
  it('lists events newest first with type and project filters', async () => {
    const sim = makeSim();
    await guideSubscription(sim);
    const all = await call(sim, 'GET', '/__mock/events?limit=200');
    expect(all.status).toBe(200);
    expect(all.body.items[0].type).toBe('com.gigs.subscription.created');
    const users = await call(sim, 'GET', '/__mock/events?type=com.gigs.user.created');
    expect(users.body.items.map((e: { type: string }) => e.type)).toEqual(['com.gigs.user.created']);
    const other = await call(sim, 'GET', '/__mock/events?project=someone-else');
    expect(other.body.items).toEqual([]);
  });

  it('retrieves one event, and 404 for an unknown one', async () => {
    const sim = makeSim();
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    const [event] = sim.events.list({}).items;
    expect((await call(sim, 'GET', `/__mock/events/${event?.id}`)).body).toEqual(event);
    expect((await call(sim, 'GET', '/__mock/events/evt_nope')).status).toBe(404);
  });

  it('adds, lists and removes endpoints, and validates the URL', async () => {
    const sim = makeSim();
    const added = await call(sim, 'POST', '/__mock/webhooks/endpoints', {
      url: 'http://127.0.0.1:9/hooks',
      types: ['com.gigs.user.created'],
    });
    expect(added.status).toBe(201);
    const listed = await call(sim, 'GET', '/__mock/webhooks/endpoints');
    expect(listed.body.items).toEqual([added.body]);
    expect(listed.body.secret).toMatch(/^whsec_/);
    expect((await call(sim, 'POST', '/__mock/webhooks/endpoints', { url: 'not a url' })).status).toBe(422);
    expect((await call(sim, 'DELETE', `/__mock/webhooks/endpoints/${added.body.id}`)).status).toBe(200);
    expect((await call(sim, 'GET', '/__mock/webhooks/endpoints')).body.items).toEqual([]);
  });

  it('redelivers an event with the same webhook-id and logs the deliveries', async () => {
    const hooks = await receiver();
    const sim = makeSim({ webhookUrls: [hooks.url] });
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    await sim.webhooks.idle();
    const [event] = sim.events.list({}).items;
    const res = await call(sim, 'POST', `/__mock/events/${event?.id}/redeliver`);
    expect(res.status).toBe(202);
    await sim.webhooks.idle();
    expect(hooks.received).toHaveLength(2);
    expect(hooks.received[0]?.headers['webhook-id']).toBe(hooks.received[1]?.headers['webhook-id']);
    const log = await call(sim, 'GET', `/__mock/webhooks/deliveries?event=${event?.id}`);
    expect(log.body.items).toHaveLength(2);
    expect(log.body.items[0]).toMatchObject({ status: 'succeeded', event: event?.id, nextAttemptAt: null });
    expect(log.body.items[0].attempts[0]).toMatchObject({ status: 200 });
    expect(typeof log.body.items[0].attempts[0].latencyMs).toBe('number');
  });
});
