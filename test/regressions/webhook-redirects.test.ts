import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { Messages } from '../../src/store/errors.js';
import { call, makeSim, p } from '../helpers.js';
import { control } from '../support/control.js';
import { startReceiver } from '../support/receiver.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A receiver that answers every delivery with `status` and a Location header pointing at `location`. */
async function redirecting(status: number, location: string) {
  let hits = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits++;
      res.writeHead(status, { location }).end();
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
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, hits: () => hits };
}

/** Issue 15, point 4: as Svix, delivery never follows a redirect. */
describe('webhook redirects', () => {
  it.each([307, 302, 301, 308])('records a %i as a failed attempt with its Location, and never posts to it', async (status) => {
    const elsewhere = await startReceiver();
    closers.push(elsewhere.close);
    const hooks = await redirecting(status, `${elsewhere.url}/stolen`);
    // user.created is an extra event (not in Gigs' index): on here as the cheapest event to make.
    const sim = makeSim({ webhookUrls: [hooks.url], extraEvents: true });
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    await sim.webhooks.idle();
    const [delivery] = sim.webhooks.deliveries();
    expect(delivery).toMatchObject({ status: 'pending', nextAttemptAt: '2026-01-01T00:00:05Z' });
    expect(delivery?.attempts[0]).toMatchObject({ status });
    expect(delivery?.attempts[0]?.error).toContain(`${elsewhere.url}/stolen`);
    // Retried on the schedule, at the same address.
    await sim.advanceAsync('5s');
    expect(hooks.hits()).toBe(2);
    expect(elsewhere.received).toHaveLength(0);
  });
});

/** Issue 15, point 6: an endpoint pointing at the simulator's own control plane amplifies. */
describe('webhook endpoints on the control plane', () => {
  it.each([
    'http://127.0.0.1:4020/__mock/reset',
    'http://localhost:4020/__mock',
    'http://example.test//__mock/clock',
    'http://127.0.0.1:4020/%5F%5Fmock/reset',
    'http://127.0.0.1:4020/x/../__mock/reset',
    'http://127.0.0.1:4020/%255F%255Fmock/reset',
  ])('refuses %s with 422 naming url', async (url) => {
    const sim = makeSim();
    const res = await control(sim, 'POST', '/webhooks/endpoints', { url });
    expect(res.status).toBe(422);
    expect(res.body.details[0]).toMatchObject({ property: 'url', message: Messages.webhookToControlPlane });
    expect(sim.webhooks.endpoints()).toEqual([]);
  });

  it('accepts a receiver whose path only contains the word', async () => {
    const sim = makeSim();
    expect((await control(sim, 'POST', '/webhooks/endpoints', { url: 'http://127.0.0.1:9/hooks/__mock' })).status).toBe(201);
  });

  it('refuses such a --webhook-url at start, naming the option', () => {
    expect(() => loadConfig({}, ['--webhook-url', 'http://127.0.0.1:4020/__mock/reset'])).toThrow(ConfigError);
    expect(() => makeSim({ webhookUrls: ['http://127.0.0.1:4020/__mock/reset'] })).toThrow(Messages.webhookToControlPlane);
  });
});
