import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startSimulator } from '../../src/server.js';
import { GUIDE_ADDRESS, GUIDE_PLAN_ID, p, TOKEN } from '../helpers.js';
import { invariantViolations } from '../support/invariants.js';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

async function post(path: string, body: unknown) {
  const res = await fetch(`${server?.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

async function listAll(path: string): Promise<any[]> {
  const items: any[] = [];
  let after: string | null = null;
  do {
    const res = await fetch(`${server?.url}${path}?limit=200${after ? `&after=${after}` : ''}`, { headers });
    const page = (await res.json()) as { items: any[]; moreItemsAfter: string | null };
    items.push(...page.items);
    after = page.moreItemsAfter;
  } while (after);
  return items;
}

describe('500 parallel requests against a listening server', () => {
  it('creates 500 users and 500 subscriptions with distinct ids, ICCIDs and phone numbers, and lists add up', async () => {
    server = await startSimulator({ seed: 'concurrency', activationMode: 'immediate' });
    const users = await Promise.all(
      Array.from({ length: 500 }, (_, i) => post(p('/users'), { email: `user${i}@example.com`, fullName: `User ${i}` })),
    );
    expect(users.every((u) => u.status === 201)).toBe(true);
    expect(new Set(users.map((u) => u.body.id)).size).toBe(500);
    const addresses = await Promise.all(users.map((u) => post(p(`/users/${u.body.id}/addresses`), GUIDE_ADDRESS)));
    expect(addresses.every((a) => a.status === 201)).toBe(true);
    const subs = await Promise.all(
      users.map((u, i) =>
        post(p('/subscriptions'), { plan: GUIDE_PLAN_ID, user: u.body.id, sim: 'auto', userAddress: addresses[i]?.body.id }),
      ),
    );
    expect(subs.map((s) => s.status).filter((s) => s !== 201)).toEqual([]);
    expect(new Set(subs.map((s) => s.body.id)).size).toBe(500);
    expect(new Set(subs.map((s) => s.body.phoneNumber)).size).toBe(500);
    expect(new Set(subs.map((s) => s.body.sim.iccid)).size).toBe(500);
    expect((await listAll(p('/users'))).length).toBe(500);
    const listed = await listAll(p('/subscriptions'));
    expect(listed.length).toBe(500);
    expect(new Set(listed.map((s) => s.id))).toEqual(new Set(subs.map((s) => s.body.id)));
    expect(invariantViolations(server.sim)).toEqual([]);
  });

  it('lets exactly one of 50 parallel requests claim the same email', async () => {
    server = await startSimulator({ seed: 'race' });
    const results = await Promise.all(Array.from({ length: 50 }, () => post(p('/users'), { email: 'same@example.com' })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.body.code === 'userAlreadyExists')).toHaveLength(49);
  });

  it('lets exactly one of 20 parallel subscriptions claim the same physical SIM', async () => {
    server = await startSimulator({ seed: 'race', activationMode: 'manual' });
    const sims = await fetch(`${server.url}${p('/sims?type=pSIM&limit=200')}`, { headers });
    const psim = ((await sims.json()) as { items: { id: string; provider: string }[] }).items.find((s) => s.provider === 'p5');
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => post(p('/users'), { email: `u${i}@example.com` })));
    const results = await Promise.all(
      users.map((u) => post(p('/subscriptions'), { plan: 'pln_0SNlurA049MEWV3bBasicPSimP5x', user: u.body.id, sim: psim?.id })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.body.code === 'simAlreadyUsed')).toHaveLength(19);
  });
});
