import { describe, expect, it } from 'vitest';
import { call, GUIDE_ADDRESS, GUIDE_PLAN_ID, makeSim } from '../helpers.js';

const ROUTES: [string, string, unknown?][] = [
  ['POST', '/users', { email: 'x@example.com' }],
  ['GET', '/users'],
  ['POST', '/users/search', { email: 'x@example.com' }],
  ['GET', '/users/usr_0000000000000000000000000000'],
  ['PATCH', '/users/usr_0000000000000000000000000000', {}],
  ['DELETE', '/users/usr_0000000000000000000000000000'],
  ['POST', '/users/usr_0000000000000000000000000000/addresses', GUIDE_ADDRESS],
  ['GET', '/users/usr_0000000000000000000000000000/addresses'],
  ['GET', '/plans'],
  ['GET', `/plans/${GUIDE_PLAN_ID}`],
  ['POST', '/subscriptions', {}],
  ['GET', '/subscriptions'],
  ['POST', '/subscriptions/search', { phoneNumber: '+15555550100' }],
  ['GET', '/sims'],
  ['POST', '/sims/search', { iccid: '89010000000000000000' }],
  ['GET', '/sims/sim_0000000000000000000000000000/credentials'],
];

describe('strict mode isolation', () => {
  it.each(ROUTES)("refuses project A's key on project B's path: %s %s", async (method, path, body) => {
    const sim = makeSim({ apiKeys: ['alpha:key-a', 'beta:key-b'] });
    const res = await call(sim, method, `/projects/beta${path}`, body, { authorization: 'Bearer key-a' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ object: 'error', type: 'permissionDenied' });
  });

  it('refuses an unknown key with 401 and a known key on its own project with 2xx', async () => {
    const sim = makeSim({ apiKeys: ['alpha:key-a'] });
    expect((await call(sim, 'GET', '/projects/alpha/users', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await call(sim, 'GET', '/projects/alpha/users', undefined, { authorization: 'Bearer key-a' })).status).toBe(200);
  });
});

describe('no project sees another project', () => {
  it('keeps users, addresses, subscriptions and SIMs of one project out of the lists and searches of another', async () => {
    const sim = makeSim({ activationMode: 'immediate' });
    const user = await call(sim, 'POST', '/projects/a/users', { email: 'jerry@example.com', fullName: 'Jerry' });
    const address = await call(sim, 'POST', `/projects/a/users/${user.body.id}/addresses`, GUIDE_ADDRESS);
    const sub = await call(sim, 'POST', '/projects/a/subscriptions', {
      plan: GUIDE_PLAN_ID,
      user: user.body.id,
      sim: 'auto',
      userAddress: address.body.id,
    });
    expect(sub.status).toBe(201);
    await call(sim, 'GET', '/projects/b/users');
    expect((await call(sim, 'GET', '/projects/b/users')).body.items).toEqual([]);
    expect((await call(sim, 'POST', '/projects/b/users/search', { email: 'jerry@example.com' })).body.items).toEqual([]);
    expect((await call(sim, 'GET', '/projects/b/subscriptions')).body.items).toEqual([]);
    expect(
      (await call(sim, 'POST', '/projects/b/subscriptions/search', { phoneNumber: sub.body.phoneNumber })).body.items,
    ).toEqual([]);
    expect((await call(sim, 'POST', '/projects/b/sims/search', { iccid: sub.body.sim.iccid })).body.items).toEqual([]);
    const bSims = (await call(sim, 'GET', '/projects/b/sims?limit=200')).body.items.map((s: { id: string }) => s.id);
    expect(bSims).not.toContain(sub.body.sim.id);
    for (const path of [
      `/users/${user.body.id}`,
      `/subscriptions/${sub.body.id}`,
      `/sims/${sub.body.sim.id}`,
      `/sims/${sub.body.sim.id}/credentials`,
    ]) {
      expect((await call(sim, 'GET', `/projects/b${path}`)).status).toBe(404);
    }
  });

  it("cannot use another project's user, address or SIM to create a subscription", async () => {
    const sim = makeSim();
    const user = await call(sim, 'POST', '/projects/a/users', { email: 'jerry@example.com', fullName: 'Jerry' });
    const res = await call(sim, 'POST', '/projects/b/subscriptions', { plan: GUIDE_PLAN_ID, user: user.body.id, sim: 'auto' });
    expect(res.status).toBe(422);
    expect(res.body.details.map((d: { property: string }) => d.property)).toContain('user');
  });
});

describe('control plane with an admin token', () => {
  it.each([
    ['POST', '/__mock/reset'],
    ['GET', '/__mock/clock'],
    ['POST', '/__mock/clock'],
    ['GET', '/__mock/snapshot'],
    ['PUT', '/__mock/snapshot'],
    ['GET', '/__mock/faults'],
    ['POST', '/__mock/faults'],
    ['GET', '/__mock/requests'],
    ['GET', '/__mock/events'],
    ['GET', '/__mock/webhooks/endpoints'],
    ['GET', '/__mock/webhooks/deliveries'],
    ['GET', '/__mock/scenarios'],
  ])('refuses %s %s without the token', async (method, path) => {
    const sim = makeSim({ adminToken: 'admin-secret' });
    const res = await call(sim, method, path, method === 'GET' ? undefined : {}, { authorization: '' });
    expect(res.status).toBe(401);
    const wrong = await call(sim, method, path, method === 'GET' ? undefined : {}, { authorization: 'Bearer wrong' });
    expect(wrong.status).toBe(401);
  });
});
