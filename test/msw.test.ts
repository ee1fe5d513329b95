import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { gigsHandlers } from '../src/msw.js';
import type { Simulator } from '../src/simulator.js';
import { GUIDE_ADDRESS, GUIDE_PLAN_ID, makeSim } from './helpers.js';

/**
 * A client written the way Gigs' embeds are (gigs/embeds-js lib/core/subscription.ts): hard-coded
 * https://api.gigs.com URLs and plain fetch. It knows nothing of gigs-mock.
 */
function gigsClient(project: string, token: string, fetchImpl: typeof fetch = (input, init) => fetch(input, init)) {
  const base = `https://api.gigs.com/projects/${project}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetchImpl(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  return {
    createUser: (email: string) => call('POST', '/users', { email, fullName: 'Jerry Seinfeld' }),
    addAddress: (user: string) => call('POST', `/users/${user}/addresses`, GUIDE_ADDRESS),
    subscribe: (user: string, userAddress: string) =>
      call('POST', '/subscriptions', { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress }),
    subscription: (id: string) => call('GET', `/subscriptions/${id}`),
    credentials: (sim: string) => call('GET', `/sims/${sim}/credentials`),
  };
}

/** The guide end to end through a client; the clock moved in-process between the calls. */
async function guide(sim: Simulator, client: ReturnType<typeof gigsClient>) {
  const user = await client.createUser('jerry@example.com');
  expect(user.status).toBe(201);
  const address = await client.addAddress(user.body.id);
  const sub = await client.subscribe(user.body.id, address.body.id);
  expect(sub.body.status).toBe('pending');
  sim.advance('5s');
  const active = await client.subscription(sub.body.id);
  expect(active.body).toMatchObject({ status: 'active', sim: { object: 'sim' } });
  const credentials = await client.credentials(active.body.sim.id);
  expect(credentials.body.activationCode).toMatch(/^LPA:1\$/);
  return credentials.body.qrCodeUrl as string;
}

describe('gigsHandlers under msw/node', () => {
  const sim = makeSim();
  const server = setupServer(...gigsHandlers(sim));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  const client = gigsClient('test-project', 'test-token');

  it('runs the guide end to end against https://api.gigs.com, the clock moved in-process', async () => {
    const qrCodeUrl = await guide(sim, client);
    // The QR link the simulator handed out is intercepted too.
    const png = await fetch(qrCodeUrl);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
  });

  it('answers errors as the HTTP server does', async () => {
    const res = await client.subscription('sub_0000000000000000000000000000');
    expect(res).toEqual({
      status: 404,
      body: { object: 'error', type: 'notFound', message: 'The subscription does not exist.' },
    });
    const noToken = await fetch('https://api.gigs.com/projects/test-project/users');
    expect(noToken.status).toBe(401);
  });

  it('applies fault rules', async () => {
    const rule = sim.addFault({ method: 'POST', path: '/users', status: 503, times: 1 });
    const res = await client.createUser('faulted@example.com');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ type: 'internal', code: 'serviceUnavailable' });
    expect(sim.faults.list().find((f) => f.id === rule.id)).toBeUndefined();
    expect((await client.createUser('faulted@example.com')).status).toBe(201);
  });

  it('runs an embeds-style flow: a partner makes a session, the embed exchanges its token at connect.gigs.com and reads the subscription', async () => {
    const user = await client.createUser('porting@example.com');
    const address = await client.addAddress(user.body.id);
    const sub = await client.subscribe(user.body.id, address.body.id);
    // The partner's backend, with its API key.
    const made = await fetch('https://api.gigs.com/projects/test-project/connectSessions', {
      method: 'POST',
      headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' },
      body: JSON.stringify({
        intent: { type: 'completePorting', completePorting: { subscription: sub.body.id } },
        user: user.body.id,
      }),
    });
    const session = (await made.json()) as { url: string; intent: { completePorting: { subscription: string } } };
    expect(made.status).toBe(201);
    // The embed, as gigs/embeds-js lib/core/token.ts and subscription.ts do it: hard-coded hosts.
    const exchanged = await fetch('https://connect.gigs.com/api/embeds/auth', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: new URL(session.url).searchParams.get('token') }),
    });
    const { token } = (await exchanged.json()) as { token: { access_token: string } };
    const read = await fetch(
      `https://api.gigs.com/projects/test-project/subscriptions/${session.intent.completePorting.subscription}`,
      {
        headers: { authorization: `bearer ${token.access_token} ` },
      },
    );
    expect(read.status).toBe(200);
    expect(((await read.json()) as { id: string }).id).toBe(sub.body.id);
  });

  it('leaves a host out of intercept unhandled', async () => {
    server.resetHandlers(...gigsHandlers(sim, { intercept: ['api'] }));
    const res = await fetch('https://connect.gigs.com/api/embeds/auth', { method: 'POST' }).catch((error: unknown) => error);
    expect(res).toBeInstanceOf(Error); // onUnhandledRequest: 'error' refuses it before any network
  });

  it('answers a staging base URL when told its host', async () => {
    server.use(...gigsHandlers(sim, { api: 'https://api.staging.example', intercept: ['api'] }));
    const res = await fetch('https://api.staging.example/projects/test-project/plans', {
      headers: { authorization: 'Bearer t' },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { object: string }).object).toBe('list');
  });
});

describe('sim.fetch', () => {
  it('runs the same guide through a client given sim.fetch', async () => {
    const sim = makeSim();
    const qrCodeUrl = await guide(sim, gigsClient('test-project', 'test-token', sim.fetch));
    expect((await sim.fetch(qrCodeUrl)).status).toBe(200);
  });

  it('sees a clock advance: a subscription activates between two calls', async () => {
    const sim = makeSim({ activationDelay: '1h' });
    const client = gigsClient('test-project', 'test-token', sim.fetch);
    const user = await client.createUser('a@example.com');
    const address = await client.addAddress(user.body.id);
    const sub = await client.subscribe(user.body.id, address.body.id);
    sim.advance('59m');
    expect((await client.subscription(sub.body.id)).body.status).toBe('pending');
    sim.advance('1m');
    expect((await client.subscription(sub.body.id)).body.status).toBe('active');
  });

  it('sends other hosts to the global fetch', async () => {
    const sim = makeSim();
    const global = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('elsewhere'));
    try {
      const res = await sim.fetch('https://example.test/other?x=1');
      expect(await res.text()).toBe('elsewhere');
      expect(global).toHaveBeenCalledTimes(1);
      const [sent] = global.mock.calls[0] ?? [];
      expect(sent instanceof Request ? sent.url : String(sent)).toBe('https://example.test/other?x=1');
    } finally {
      global.mockRestore();
    }
  });

  it('answers a bare JSON POST as the HTTP server does: a cancel with no body', async () => {
    const sim = makeSim({ activationMode: 'immediate' });
    const client = gigsClient('test-project', 'test-token', sim.fetch);
    const user = await client.createUser('bare@example.com');
    const address = await client.addAddress(user.body.id);
    const sub = await client.subscribe(user.body.id, address.body.id);
    const res = await sim.fetch(`https://api.gigs.com/projects/test-project/subscriptions/${sub.body.id}/cancel`, {
      method: 'POST',
      headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { canceledAt: string | null }).canceledAt).not.toBeNull();
  });

  it('answers errors and fault rules as under MSW', async () => {
    const sim = makeSim();
    const client = gigsClient('test-project', 'test-token', sim.fetch);
    expect((await client.subscription('sub_0000000000000000000000000000')).status).toBe(404);
    sim.addFault({ method: 'POST', path: '/users', status: 429, times: 1 });
    expect((await client.createUser('x@example.com')).body).toMatchObject({ type: 'tooManyRequests' });
  });

  it('takes a URL object or a Request, keeps the query string, and refuses an aborted signal', async () => {
    const sim = makeSim();
    const headers = { Authorization: 'Bearer t' };
    const byUrl = await sim.fetch(new URL('https://api.gigs.com/projects/test-project/plans?limit=1'), { headers });
    expect(((await byUrl.json()) as { items: unknown[] }).items).toHaveLength(1);
    const byRequest = await sim.fetch(new Request('https://api.gigs.com/projects/test-project/plans?limit=2', { headers }));
    expect(((await byRequest.json()) as { items: unknown[] }).items).toHaveLength(2);
    const aborted = AbortSignal.abort();
    await expect(sim.fetch('https://api.gigs.com/projects/test-project/plans', { headers, signal: aborted })).rejects.toThrow();
  });

  it('answers another API origin with fetchWith, and the Connect host as the simulator routes it', async () => {
    const sim = makeSim();
    const staging = sim.fetchWith({ api: 'https://api.staging.example' });
    expect(
      (await staging('https://api.staging.example/projects/p/plans', { headers: { Authorization: 'Bearer t' } })).status,
    ).toBe(200);
    // The Connect host is the simulated Connect: an unknown session token is its 422.
    const connect = await sim.fetch('https://connect.gigs.com/api/embeds/auth', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: 'nope' }),
    });
    expect(connect.status).toBe(422);
    expect(((await connect.json()) as { code: string }).code).toBe('connectSessionNotFound');
  });
});
