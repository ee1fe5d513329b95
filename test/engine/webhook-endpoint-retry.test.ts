import { describe, expect, it } from 'vitest';
import { JOB_WEBHOOK_RETRY } from '../../src/engine/webhooks.js';
import { call, makeSim, p } from '../helpers.js';

// A receiver that is down, counting the connections it refuses; `up()` brings it back.
function receiver() {
  const state = { tries: 0, up: false, got: [] as string[] };
  const fetch: typeof globalThis.fetch = async (_url, init) => {
    state.tries++;
    if (!state.up) throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    state.got.push(JSON.parse(String(init?.body)).id);
    return new Response(null, { status: 204 });
  };
  return { state, fetch };
}

function downSim(options: Parameters<typeof makeSim>[0] = {}) {
  const r = receiver();
  const sim = makeSim({ extraEvents: true, webhookUrls: ['http://hooks.test/'], fetch: r.fetch, onLog: () => {}, ...options });
  return { sim, state: r.state };
}

async function users(sim: ReturnType<typeof makeSim>, n: number, project = 'test-project') {
  for (let i = 0; i < n; i++) await call(sim, 'POST', `/projects/${project}/users`, { email: `u${i}@example.com` });
  await sim.webhooks.idle();
}

const retryJobs = (sim: ReturnType<typeof makeSim>) => sim.scheduler.jobs().filter((j) => j.kind === JOB_WEBHOOK_RETRY);

describe('retrying a failing webhook endpoint', () => {
  it('tries a failing endpoint once per retry time, however many deliveries wait for it', async () => {
    const { sim, state } = downSim();
    await users(sim, 50);
    expect(state.tries).toBe(1);
    await sim.advanceAsync('5s');
    expect(state.tries).toBe(2);
    await sim.advanceAsync('5m');
    expect(state.tries).toBe(3);
    expect(sim.webhooks.deliveries({ status: 'pending' })).toHaveLength(50);
  });

  it('shows every held delivery pending until the endpoint retry that will send it', async () => {
    const { sim } = downSim();
    await users(sim, 3);
    await sim.advanceAsync('5s');
    const pending = sim.webhooks.deliveries({ status: 'pending' });
    expect(pending.map((d) => d.nextAttemptAt)).toEqual(['2026-01-01T00:05:05Z', '2026-01-01T00:05:05Z', '2026-01-01T00:05:05Z']);
    // The oldest was tried at each retry time; the others wait behind it.
    expect(pending.map((d) => d.attempts.length)).toEqual([0, 0, 2]);
  });

  it('sends every held delivery, oldest first, once the receiver answers again', async () => {
    const { sim, state } = downSim();
    await users(sim, 20);
    state.up = true;
    await sim.advanceAsync('5s');
    const events = sim.events.list({ limit: 100 }).items.map((e) => e.id);
    expect(state.got).toEqual(events.reverse());
    expect(sim.webhooks.deliveries({ status: 'succeeded' })).toHaveLength(20);
    expect(retryJobs(sim)).toEqual([]);
  });

  it('sends at once again after the endpoint recovered', async () => {
    const { sim, state } = downSim();
    await users(sim, 2);
    state.up = true;
    await sim.advanceAsync('5s');
    const tries = state.tries;
    await call(sim, 'POST', p('/users'), { email: 'late@example.com' });
    await sim.webhooks.idle();
    expect(state.tries).toBe(tries + 1);
    expect(sim.webhooks.deliveries()[0]?.status).toBe('succeeded');
  });

  it('keeps one retry job per failing endpoint, and none for the deliveries it gave up', async () => {
    const { sim } = downSim({ webhookMaxPending: 3 });
    await users(sim, 100);
    expect(sim.webhooks.deliveries({ status: 'failed' }, 200)).toHaveLength(97);
    expect(sim.webhooks.deliveries({ status: 'pending' })).toHaveLength(3);
    expect(retryJobs(sim)).toHaveLength(1);
    expect(sim.scheduler.size).toBe(1);
  });

  it('replays every retry of the schedule when the clock moves two days, then gives the delivery up', async () => {
    const { sim, state } = downSim();
    await users(sim, 1);
    await sim.advanceAsync('2d');
    expect(state.tries).toBe(8);
    const [delivery] = sim.webhooks.deliveries();
    expect(delivery?.status).toBe('failed');
    expect(delivery?.attempts).toHaveLength(8);
    expect(retryJobs(sim)).toEqual([]);
  });

  it('tries the next held delivery once the oldest has had all its attempts', async () => {
    const { sim, state } = downSim();
    await users(sim, 2);
    await sim.advanceAsync('40h');
    // Eight attempts for the oldest (its last at 27h35m5s), then the second is tried at the
    // endpoint's next retry, 10h later.
    expect(state.tries).toBe(9);
    const [newest, oldest] = sim.webhooks.deliveries();
    expect(oldest?.status).toBe('failed');
    expect(newest).toMatchObject({ status: 'pending', nextAttemptAt: '2026-01-02T23:35:05Z' });
    expect(newest?.attempts).toHaveLength(1);
  });

  it('keeps the newest 10,000 delivery records, the oldest finished going first', async () => {
    const { sim } = downSim();
    await users(sim, 1);
    for (let i = 0; i < 12_000; i++) sim.store.users.create('test-project', { email: `bulk${i}@example.com` });
    await sim.webhooks.idle();
    const all = sim.webhooks.deliveries({}, 20_000);
    expect(all).toHaveLength(10_000);
    expect(all.slice(0, 1_000).every((d) => d.status === 'pending')).toBe(true);
    expect(all.slice(1_000).every((d) => d.status === 'failed')).toBe(true);
    const events = sim.events.list({ limit: 100 }).items.map((e) => e.id);
    expect(all.slice(0, 100).map((d) => d.event)).toEqual(events);
  });

  it('gives up held deliveries when their endpoint is removed, leaving no job that retries them', async () => {
    const { sim, state } = downSim();
    await users(sim, 5);
    const [endpoint] = sim.webhooks.endpoints();
    sim.webhooks.removeEndpoint(endpoint?.id ?? '');
    expect(sim.webhooks.deliveries({ status: 'pending' })).toEqual([]);
    expect(sim.webhooks.deliveries()[0]?.attempts.at(-1)?.error).toBe('endpoint removed');
    await sim.advanceAsync('1d');
    expect(state.tries).toBe(1);
    expect(retryJobs(sim)).toEqual([]);
  });

  it('keeps retrying an endpoint after the project its retry job was filed under is reset', async () => {
    const { sim, state } = downSim();
    await users(sim, 1, 'alpha');
    await users(sim, 2, 'beta');
    sim.reset('alpha');
    state.up = true;
    await sim.advanceAsync('5s');
    expect(sim.webhooks.deliveries({ status: 'succeeded' })).toHaveLength(3);
  });

  it('gives up pending deliveries on a snapshot restore and drops the saved retry jobs', async () => {
    const { sim, state } = downSim();
    await users(sim, 3);
    const saved = sim.snapshot();
    expect(saved.jobs.filter((j) => j.kind === JOB_WEBHOOK_RETRY)).toHaveLength(1);
    sim.restore(saved);
    expect(sim.webhooks.deliveries({ status: 'pending' })).toEqual([]);
    expect(retryJobs(sim)).toEqual([]);
    await sim.advanceAsync('1h');
    expect(state.tries).toBe(1);
  });

  it('loads a snapshot with a retry job of a single delivery, as older versions saved them', async () => {
    const { sim, state } = downSim();
    sim.store.ensureProject('test-project');
    const saved = sim.snapshot();
    const old = {
      at: Date.parse('2026-01-01T00:00:05Z'),
      seq: 99,
      kind: JOB_WEBHOOK_RETRY,
      project: 'test-project',
      target: 'whd_0U000000000000000000',
    };
    sim.restore({ ...saved, jobs: [...saved.jobs, old] });
    await sim.advanceAsync('1h');
    expect(state.tries).toBe(0);
    expect(retryJobs(sim)).toEqual([]);
  });
});
