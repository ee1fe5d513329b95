import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { ConnectMessages } from '../../src/store/connect-rules.js';
import { call, GUIDE_PLAN_ID, guideUserWithAddress, makeSim, PROJECT, p, TOKEN } from '../helpers.js';

/** The exchange Gigs' embeds make (gigs/embeds-js lib/core/token.ts), in-process. */
async function exchange(sim: Simulator, secret: unknown, path = '/connect/api/embeds/auth') {
  const res = await sim.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
    body: JSON.stringify({ secret }),
  });
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
}

async function world(options: Parameters<typeof makeSim>[0] = {}) {
  const sim = makeSim(options);
  const { user, address } = await guideUserWithAddress(sim);
  const sub = await call(sim, 'POST', p('/subscriptions'), { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address });
  const other = await guideUserWithAddress(sim, 'elaine@example.com');
  const otherSub = await call(sim, 'POST', p('/subscriptions'), {
    plan: GUIDE_PLAN_ID,
    user: other.user,
    sim: 'auto',
    userAddress: other.address,
  });
  // Active: their eSIMs exist.
  sim.advance('5s');
  const session = await call(sim, 'POST', p('/connectSessions'), {
    intent: { type: 'completePorting', completePorting: { subscription: sub.body.id } },
    user,
  });
  const secret = new URL(session.body.url).searchParams.get('token');
  const subscription = sim.store.subscriptions.get(PROJECT, sub.body.id);
  const otherSubscription = sim.store.subscriptions.get(PROJECT, otherSub.body.id);
  return { sim, user, address, subscription, other, otherSub: otherSubscription, session: session.body, secret };
}

async function userToken(w: Awaited<ReturnType<typeof world>>) {
  const res = await exchange(w.sim, w.secret);
  expect(res.status).toBe(200);
  return res.body.token.access_token as string;
}

describe('POST /connect/api/embeds/auth (the embeds\u2019 token exchange)', () => {
  it('answers {token: {access_token}} for a session\u2019s url token, once', async () => {
    const w = await world();
    const first = await exchange(w.sim, w.secret);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ token: { access_token: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    const second = await exchange(w.sim, w.secret);
    expect(second.status).toBe(422);
    expect(second.body).toMatchObject({
      object: 'error',
      type: 'invalid',
      code: 'connectSessionUsed',
      message: ConnectMessages.sessionUsed,
    });
  });

  it('is also served at /api/embeds/auth, for a client that swaps only the host', async () => {
    const w = await world();
    expect((await exchange(w.sim, w.secret, '/api/embeds/auth')).status).toBe(200);
  });

  it('answers 422 for an unknown token and for an expired session (1 hour by default, on the simulated clock)', async () => {
    const w = await world();
    expect((await exchange(w.sim, 'f'.repeat(64))).body.code).toBe('connectSessionNotFound');
    w.sim.advance('61m');
    const expired = await exchange(w.sim, w.secret);
    expect(expired.status).toBe(422);
    expect(expired.body).toMatchObject({ code: 'connectSessionExpired', message: ConnectMessages.sessionExpired });
  });

  it('honours --connect-session-ttl', async () => {
    const w = await world({ connectSessionTtl: '10m' });
    w.sim.advance('11m');
    expect((await exchange(w.sim, w.secret)).body.code).toBe('connectSessionExpired');
  });

  it('answers a bad body with a Gigs error: not JSON, no secret, another media type', async () => {
    const sim = makeSim();
    const raw = (body: string, type = 'application/json') =>
      sim.app.request('/connect/api/embeds/auth', { method: 'POST', headers: { 'content-type': type }, body });
    expect((await raw('{')).status).toBe(400);
    expect((await raw('{}')).status).toBe(422);
    expect((await raw('{"secret": 5}')).status).toBe(422);
    expect((await raw('secret=x', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await raw(JSON.stringify({ secret: 'x'.repeat(20_000) }))).status).toBe(413);
  });

  it('makes the user of a userDetails session (or finds one by email) and says so in connectSession.updated', async () => {
    const sim = makeSim();
    const made = await call(sim, 'POST', p('/connectSessions'), {
      intent: { type: 'viewSubscriptions' },
      userDetails: { email: 'kramer@example.com', fullName: 'Cosmo Kramer' },
    });
    const res = await exchange(sim, new URL(made.body.url).searchParams.get('token'));
    expect(res.status).toBe(200);
    const [kramer] = sim.store.users.search(PROJECT, 'kramer@example.com');
    expect(kramer).toMatchObject({ fullName: 'Cosmo Kramer' });
    expect((await call(sim, 'GET', p(`/connectSessions/${made.body.id}`))).body.user).toBe(kramer?.id);
    const updated = sim.events.list({ limit: 20 }).items.find((e) => e.type === 'com.gigs.connectSession.updated');
    expect(updated?.data).toMatchObject({ id: made.body.id, user: kramer?.id, url: null });
    // Using the user token, Kramer reads himself.
    const me = await call(sim, 'GET', p(`/users/${kramer?.id}`), undefined, {
      authorization: `Bearer ${res.body.token.access_token}`,
    });
    expect(me.status).toBe(200);
  });
});

describe('user tokens on the Core API', () => {
  it('read the user\u2019s own subscription, with the embeds\u2019 lower-case "bearer" and trailing space', async () => {
    const w = await world();
    const token = await userToken(w);
    const res = await call(w.sim, 'GET', p(`/subscriptions/${w.subscription.id}`), undefined, {
      authorization: `bearer ${token} `,
    });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(w.subscription.id);
  });

  it('answer 404 for another user\u2019s resources, as if they did not exist', async () => {
    const w = await world();
    const auth = { authorization: `Bearer ${await userToken(w)}` };
    for (const path of [
      `/subscriptions/${w.otherSub.id}`,
      `/users/${w.other.user}`,
      `/users/${w.other.user}/addresses`,
      `/sims/${w.otherSub.sim?.id}`,
    ]) {
      const res = await call(w.sim, 'GET', p(path), undefined, auth);
      expect([path, res.status, res.body.type]).toEqual([path, 404, 'notFound']);
    }
  });

  it('answer 403 on routes a user may not use: other users, SIM credentials, creating subscriptions or sessions', async () => {
    const w = await world();
    const auth = { authorization: `Bearer ${await userToken(w)}` };
    const refused = [
      ['GET', '/users'],
      ['POST', '/users/search'],
      ['GET', `/sims/${w.subscription.sim?.id}/credentials`],
      ['POST', '/subscriptions'],
      ['POST', `/subscriptions/${w.subscription.id}/cancel`],
      ['DELETE', `/users/${w.user}`],
      ['POST', '/connectSessions'],
    ] as const;
    for (const [method, path] of refused) {
      const res = await call(w.sim, method, p(path), method === 'GET' ? undefined : {}, auth);
      expect([method, path, res.status, res.body.message]).toEqual([method, path, 403, ConnectMessages.userTokenScope]);
    }
    expect(w.sim.store.subscriptions.get(PROJECT, w.subscription.id).canceledAt).toBeNull();
  });

  it('narrow the lists they may read to their own user', async () => {
    const w = await world();
    const auth = { authorization: `Bearer ${await userToken(w)}` };
    const mine = await call(w.sim, 'GET', p('/subscriptions'), undefined, auth);
    expect(mine.body.items.map((s: { id: string }) => s.id)).toEqual([w.subscription.id]);
    const asked = await call(w.sim, 'GET', p(`/subscriptions?user=${w.other.user}`), undefined, auth);
    expect(asked.body.items).toEqual([]);
    // The API key still sees both.
    expect((await call(w.sim, 'GET', p('/subscriptions'))).body.items).toHaveLength(2);
  });

  it('PATCH their own porting, and the event names the user as its actor', async () => {
    const w = await world();
    const porting = await call(w.sim, 'POST', p('/portings'), { phoneNumber: '+12125550123', provider: 'p9', user: w.user });
    const token = await userToken(w);
    const res = await call(
      w.sim,
      'PATCH',
      p(`/portings/${porting.body.id}`),
      { firstName: 'Jerry' },
      { authorization: `Bearer ${token}` },
    );
    expect(res.status).toBe(200);
    const event = w.sim.events.list({ limit: 5 }).items[0];
    expect(event?.actor).toEqual({ type: 'user', user: w.user });
  });

  it('read the catalogue and the service providers outside /projects', async () => {
    const w = await world();
    const auth = { authorization: `Bearer ${await userToken(w)}` };
    expect((await call(w.sim, 'GET', p('/plans'), undefined, auth)).status).toBe(200);
    expect((await call(w.sim, 'GET', '/serviceProviders?recipientProvider=p9', undefined, auth)).status).toBe(200);
  });

  it('expire (1 hour by default): then 401', async () => {
    const w = await world();
    const auth = { authorization: `Bearer ${await userToken(w)}` };
    w.sim.advance('59m');
    expect((await call(w.sim, 'GET', p(`/users/${w.user}`), undefined, auth)).status).toBe(200);
    w.sim.advance('2m');
    const res = await call(w.sim, 'GET', p(`/users/${w.user}`), undefined, auth);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ type: 'unauthenticated', message: ConnectMessages.userTokenExpired });
  });

  it('work in their own project only, and in strict mode too', async () => {
    const w = await world({ apiKeys: [`${PROJECT}:${TOKEN}`, 'other:other-key'] });
    const auth = { authorization: `Bearer ${await userToken(w)}` };
    expect((await call(w.sim, 'GET', p(`/users/${w.user}`), undefined, auth)).status).toBe(200);
    const elsewhere = await call(w.sim, 'GET', '/projects/other/plans', undefined, auth);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.message).toBe(ConnectMessages.userTokenProject);
  });

  it('answer a browser\u2019s preflight before any token, and send CORS headers on answers to a page', async () => {
    const w = await world();
    const preflight = await w.sim.app.request(p(`/subscriptions/${w.subscription.id}`), {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization');
    const res = await w.sim.app.request(p('/plans'), {
      headers: { authorization: `Bearer ${TOKEN}`, origin: 'http://localhost:3000' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const noOrigin = await w.sim.app.request(p('/plans'), { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(noOrigin.headers.get('access-control-allow-origin')).toBeNull();
  });
});
