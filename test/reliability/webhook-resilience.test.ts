import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { call, makeSim as makeBareSim, p } from '../helpers.js';
import { startReceiver } from '../support/receiver.js';

// User changes are the cheapest events to make, but com.gigs.user.created/.updated are not in
// Gigs' event index and are emitted only with extraEvents (src/store/context.ts): these tests turn
// them on. test/webhooks.test.ts checks the default.
const makeSim = (options: Parameters<typeof makeBareSim>[0] = {}) => makeBareSim({ extraEvents: true, ...options });

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A receiver that drops the connection without answering until `recover()`. */
async function droppingReceiver() {
  let healthy = false;
  const got: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      if (!healthy) {
        req.socket.destroy();
        return;
      }
      got.push(JSON.parse(body).id);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, got, recover: () => (healthy = true) };
}

describe('webhook receivers that misbehave', () => {
  it('answers API calls while a receiver hangs on every delivery', async () => {
    const hooks = await startReceiver(() => 'hang');
    closers.push(hooks.close);
    const sim = makeSim({ webhookUrls: [hooks.url] });
    for (let i = 0; i < 20; i++) expect((await call(sim, 'POST', p('/users'), { email: `u${i}@example.com` })).status).toBe(201);
    expect(sim.webhooks.deliveries({}, 100).filter((d) => d.status === 'sending')).toHaveLength(20);
    hooks.release();
    await sim.webhooks.idle();
  });

  it('delivers every event once a receiver that closed connections recovers', async () => {
    const hooks = await droppingReceiver();
    const sim = makeSim({ webhookUrls: [hooks.url] });
    for (let i = 0; i < 10; i++) await call(sim, 'POST', p('/users'), { email: `u${i}@example.com` });
    await sim.webhooks.idle();
    expect(hooks.got).toEqual([]);
    expect(sim.webhooks.deliveries()[0]?.attempts[0]?.error).toBeTruthy();
    hooks.recover();
    sim.advance('5s');
    await sim.webhooks.idle();
    const eventIds = sim.events.list({ limit: 200 }).items.map((e) => e.id);
    expect(new Set(hooks.got)).toEqual(new Set(eventIds));
  });

  it('delivers every event once a receiver answering 500 recovers, after any number of failed attempts short of the last', async () => {
    let status = 500;
    const hooks = await startReceiver(() => status);
    closers.push(hooks.close);
    const sim = makeSim({ webhookUrls: [hooks.url] });
    for (let i = 0; i < 5; i++) await call(sim, 'POST', p('/users'), { email: `u${i}@example.com` });
    await sim.webhooks.idle();
    for (const step of ['5s', '5m', '30m', '2h', '5h']) {
      sim.advance(step);
      await sim.webhooks.idle();
    }
    status = 200;
    sim.advance('10h');
    await sim.webhooks.idle();
    expect(sim.webhooks.deliveries({ status: 'succeeded' })).toHaveLength(5);
    // The endpoint is retried, not each delivery: the oldest took every retry, the rest waited for it.
    const [oldest, ...rest] = sim.webhooks.deliveries().reverse();
    expect(oldest?.attempts).toHaveLength(7);
    for (const d of rest) expect(d.attempts.length).toBeLessThanOrEqual(2);
  });

  it('marks a delivery failed after the last attempt of the schedule', async () => {
    const hooks = await startReceiver(() => 500);
    closers.push(hooks.close);
    const sim = makeSim({ webhookUrls: [hooks.url] });
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    await sim.webhooks.idle();
    for (const step of ['5s', '5m', '30m', '2h', '5h', '10h', '10h', '10h']) {
      sim.advance(step);
      await sim.webhooks.idle();
    }
    const [delivery] = sim.webhooks.deliveries();
    expect(delivery?.status).toBe('failed');
    expect(delivery?.attempts).toHaveLength(8);
    expect(delivery?.nextAttemptAt).toBeNull();
  });
});
