import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/engine/clock.js';
import { startSimulator } from '../src/server.js';

const AUTH = { authorization: 'Bearer test-token' };

/**
 * Starts both requests at once and reports the order they finished in. Ordering by completion keeps
 * the test free of wall-clock thresholds; the only real timer is the injected latency in the server.
 */
async function finishOrder(requests: Record<string, () => Promise<Response>>): Promise<{ order: string[]; statuses: number[] }> {
  const order: string[] = [];
  const statuses = await Promise.all(
    Object.entries(requests).map(async ([name, send]) => {
      const res = await send();
      await res.arrayBuffer();
      order.push(name);
      return res.status;
    }),
  );
  return { order, statuses };
}

describe('injected latency on a listening server', () => {
  it('delays only the request with x-gigs-mock-delay: a plain request started after it finishes first', async () => {
    await using server = await startSimulator({ clock: new ManualClock(), seed: 'latency' });
    const plans = `${server.url}/projects/p/plans`;
    const { order, statuses } = await finishOrder({
      delayed: () => fetch(plans, { headers: { ...AUTH, 'x-gigs-mock-delay': '400ms' } }),
      plain: () => fetch(plans, { headers: AUTH }),
    });
    expect(order).toEqual(['plain', 'delayed']);
    expect(statuses).toEqual([200, 200]);
  });

  it('delays only the requests a latency rule matches', async () => {
    await using server = await startSimulator({ clock: new ManualClock(), seed: 'latency' });
    server.sim.addFault({ path: '/plans', latency: 400 });
    const { order } = await finishOrder({
      slow: () => fetch(`${server.url}/projects/p/plans`, { headers: AUTH }),
      fast: () => fetch(`${server.url}/projects/p/users`, { headers: AUTH }),
    });
    expect(order).toEqual(['fast', 'slow']);
  });
});

describe('startSimulator', () => {
  it('listens on a free loopback port and serves health', async () => {
    await using server = await startSimulator();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const res = await fetch(`${server.url}/__mock/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('stops listening on close()', async () => {
    const server = await startSimulator();
    await server.close();
    await expect(fetch(`${server.url}/__mock/health`)).rejects.toThrow();
  });

  it('stops listening when an `await using` block ends', async () => {
    let url = '';
    {
      await using server = await startSimulator();
      url = server.url;
      expect((await fetch(`${url}/__mock/health`)).status).toBe(200);
    }
    await expect(fetch(`${url}/__mock/health`)).rejects.toThrow();
  });

  it('gives each started simulator its own state', async () => {
    await using a = await startSimulator({ seed: 'x' });
    await using b = await startSimulator({ seed: 'x' });
    const created = await fetch(`${a.url}/projects/p/users`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com' }),
    });
    expect(created.status).toBe(201);
    const list = (await (await fetch(`${b.url}/projects/p/users`, { headers: AUTH })).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
  });
});
