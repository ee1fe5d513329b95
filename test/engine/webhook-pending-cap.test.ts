import { describe, expect, it } from 'vitest';
import { givenUpReason } from '../../src/engine/webhooks.js';
import { call, makeSim, p } from '../helpers.js';

// A receiver that is down: every attempt fails at once, so every delivery waits for a retry.
const down: typeof fetch = async () => {
  throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
};

async function users(sim: ReturnType<typeof makeSim>, n: number) {
  for (let i = 0; i < n; i++) await call(sim, 'POST', p('/users'), { email: `u${i}@example.com` });
}

describe('pending webhook deliveries per endpoint', () => {
  it('keeps at most webhookMaxPending undelivered deliveries and gives up the oldest first', async () => {
    const lines: string[] = [];
    const sim = makeSim({
      extraEvents: true,
      webhookUrls: ['http://hooks.test/'],
      fetch: down,
      webhookMaxPending: 3,
      onLog: (l) => lines.push(l),
    });
    await users(sim, 5);
    await sim.webhooks.idle();
    const pending = sim.webhooks.deliveries({ status: 'pending' });
    const failed = sim.webhooks.deliveries({ status: 'failed' });
    expect(pending).toHaveLength(3);
    expect(failed).toHaveLength(2);
    // Newest first: the two given up are the two oldest.
    const all = sim.webhooks.deliveries();
    expect(all.slice(3).map((d) => d.status)).toEqual(['failed', 'failed']);
    expect(failed[0]?.attempts.at(-1)?.error).toBe(givenUpReason(3));
    expect(failed[0]?.nextAttemptAt).toBeNull();
  });

  it('logs the first delivery given up for an endpoint, with the count', async () => {
    const lines: string[] = [];
    const sim = makeSim({
      extraEvents: true,
      webhookUrls: ['http://hooks.test/'],
      fetch: down,
      webhookMaxPending: 2,
      onLog: (l) => lines.push(l),
    });
    await users(sim, 4);
    await sim.webhooks.idle();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^webhook delivery whd_\w+ \(event evt_\w+\) to http:\/\/hooks\.test\/ given up: /);
    expect(lines[0]).toContain('1 given up for this endpoint so far');
  });

  it('never retries a delivery it gave up when the clock passes its retry time', async () => {
    let attempts = 0;
    const counting: typeof fetch = async (...args) => {
      attempts++;
      return down(...args);
    };
    const sim = makeSim({
      extraEvents: true,
      webhookUrls: ['http://hooks.test/'],
      fetch: counting,
      webhookMaxPending: 1,
      onLog: () => {},
    });
    await users(sim, 3);
    await sim.webhooks.idle();
    expect(attempts).toBe(1);
    await sim.advanceAsync('5s');
    // Only the one still pending (the newest) is tried.
    expect(attempts).toBe(2);
    expect(sim.webhooks.deliveries({ status: 'pending' })).toHaveLength(1);
  });

  it('holds new deliveries to a failing endpoint until its next retry, then sends them all', async () => {
    let up = false;
    const sent: string[] = [];
    const flaky: typeof fetch = async (url, init) => {
      if (!up) return down(url, init);
      sent.push(String(init?.body));
      return new Response(null, { status: 204 });
    };
    const sim = makeSim({ extraEvents: true, webhookUrls: ['http://hooks.test/'], fetch: flaky, onLog: () => {} });
    await users(sim, 3);
    await sim.webhooks.idle();
    const waiting = sim.webhooks.deliveries({ status: 'pending' });
    expect(waiting).toHaveLength(3);
    expect(waiting.map((d) => d.attempts.length).sort()).toEqual([0, 0, 1]);
    expect(waiting.every((d) => d.nextAttemptAt === '2026-01-01T00:00:05Z')).toBe(true);
    up = true;
    await sim.advanceAsync('5s');
    expect(sent).toHaveLength(3);
    // Healthy again: the next event goes out at once.
    await call(sim, 'POST', p('/users'), { email: 'late@example.com' });
    await sim.webhooks.idle();
    expect(sent).toHaveLength(4);
  });

  it('queues every delivery of a burst to a healthy receiver, however many', async () => {
    const ok: typeof fetch = async () => new Response(null, { status: 204 });
    const sim = makeSim({
      extraEvents: true,
      webhookUrls: ['http://hooks.test/'],
      fetch: ok,
      webhookMaxPending: 3,
      onLog: () => {},
    });
    sim.store.ensureProject('test-project');
    for (let i = 0; i < 50; i++) sim.store.users.create('test-project', { email: `b${i}@example.com` });
    await sim.webhooks.idle();
    expect(sim.webhooks.deliveries({ status: 'succeeded' }, 100)).toHaveLength(50);
  });

  it('refuses a webhookMaxPending below 1', () => {
    expect(() => makeSim({ webhookMaxPending: 0 })).toThrow(RangeError);
  });
});
