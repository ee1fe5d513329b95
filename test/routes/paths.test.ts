import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startSimulator } from '../../src/server.js';
import { Messages } from '../../src/store/errors.js';
import { call, GUIDE_ADDRESS, GUIDE_PLAN_ID, guideUserWithAddress, makeSim, p, TOKEN } from '../helpers.js';

// Gigs' example app (gigs/connect-sessions-buy-manage-example, lib/api.ts) builds every URL as
// `…/projects/${project}/` + `/` + path: the real API answers it, so the simulator does too.
describe('paths with repeated or trailing slashes', () => {
  it.each([p('//plans'), `/${p('/plans')}`, p('/plans/'), p('//plans/')])('serves GET %s as the plan list', async (path) => {
    const res = await call(makeSim(), 'GET', path);
    expect(res.status).toBe(200);
    expect(res.body.object).toBe('list');
    expect(res.body.items.length).toBeGreaterThan(0);
  });

  it('keeps the query string as it is: a // inside a value is not touched', async () => {
    const sim = makeSim();
    const { user } = await guideUserWithAddress(sim);
    await call(sim, 'PATCH', p(`/users/${user}`), { metadata: { site: 'https://a.example//b' } });
    const res = await call(sim, 'POST', p('//users/search'), { email: 'jerry@example.com' });
    expect(res.body.items[0].metadata.site).toBe('https://a.example//b');
    const cursor = await call(sim, 'GET', p('//users?after=usr_x//y'));
    expect(cursor.status).toBe(422);
  });

  it('answers HEAD on a doubled path as GET does, without a body', async () => {
    const res = await makeSim().app.request(p('//plans'), { method: 'HEAD', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('reads an empty project segment as no project: 404, and no project is made', async () => {
    const sim = makeSim();
    const res = await call(sim, 'GET', '/projects//plans');
    expect(res.status).toBe(404);
    expect(res.body.message).toBe(Messages.routeNotFound);
    expect(sim.store.projectIds()).not.toContain('plans');
  });

  it('keeps the query string as it is: strict parameters still apply', async () => {
    const sim = makeSim();
    expect((await call(sim, 'GET', p('//plans?limit=1'))).body.items).toHaveLength(1);
    expect((await call(sim, 'GET', p('//plans?nonsense=1'))).status).toBe(422);
    expect((await call(sim, 'GET', p('//subscriptions?user='))).status).toBe(422);
  });

  it('keeps unknown body properties an error', async () => {
    const res = await call(makeSim(), 'POST', p('//users'), { email: 'a@example.com', nickname: 'j' });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'nickname' })]);
  });

  it('finds a user by email through //users/search, as the example app does', async () => {
    const sim = makeSim();
    const { user } = await guideUserWithAddress(sim);
    const res = await call(sim, 'POST', p('//users/search'), { email: 'jerry@example.com' });
    expect(res.status).toBe(200);
    expect(res.body.items.map((u: { id: string }) => u.id)).toEqual([user]);
  });

  it("lists a user's active subscriptions through //subscriptions?user=…&status=active, as the example app does", async () => {
    const sim = makeSim({ activationMode: 'immediate' });
    const { user, address } = await guideUserWithAddress(sim);
    const sub = await call(sim, 'POST', p('//subscriptions'), { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address });
    const res = await call(sim, 'GET', p(`//subscriptions?user=${user}&status=active`));
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([sub.body.id]);
  });

  it('keeps path parameters exact: an encoded slash is part of the id, not a separator', async () => {
    const res = await call(makeSim(), 'GET', p('/users/usr_x%2F..'));
    expect(res.status).toBe(404);
    expect(res.body.message).toBe(Messages.notFound('user'));
  });

  it('still checks the token first', async () => {
    expect((await call(makeSim(), 'GET', p('//plans'), undefined, { authorization: '' })).status).toBe(401);
  });

  it('logs the request under its normal path', async () => {
    const sim = makeSim();
    await call(sim, 'GET', p('//plans/'));
    expect(sim.requests.recent(1)[0]).toMatchObject({ path: p('/plans'), status: 200 });
  });

  it.each(['/openapi.json/', '//openapi.json'])('serves the OpenAPI document at %s', async (path) => {
    const res = await call(makeSim(), 'GET', path);
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
  });

  it.each(['/__mock/clock/', '//__mock//clock'])('serves the control plane at %s', async (path) => {
    const res = await call(makeSim(), 'GET', path);
    expect(res.status).toBe(200);
    expect(res.body).toHaveProperty('now');
  });

  it('keeps health up and the rest of the control plane off with a trailing slash, without the control plane', async () => {
    const sim = makeSim({ controlPlane: false });
    expect((await call(sim, 'GET', '/__mock/health/')).status).toBe(200);
    expect((await call(sim, 'GET', '/__mock/faults/')).status).toBe(404);
  });

  it('checks the admin token on a control path with a trailing slash', async () => {
    const res = await call(makeSim({ adminToken: 'admin' }), 'GET', '/__mock/clock/');
    expect(res.status).toBe(401);
    expect(res.body.message).toBe(Messages.adminTokenRequired);
  });
});

describe('over a real socket', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startSimulator({ seed: 'paths', port: 0, activationMode: 'immediate' });
  });
  afterAll(() => server.close());

  const get = (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });

  it.each(['/projects/demo//plans', '//projects/demo/plans', '/projects/demo/plans/'])('serves GET %s', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { object: string }).object).toBe('list');
  });

  // The example app's request exactly: its fetchUrl, and its headers (JSON content type and a
  // header named "cache") on a GET and on the search POST.
  it("answers the example app's requests as it sends them", async () => {
    const base = `${server.url}/projects/demo/`;
    const fetchUrl = (path: string) => `${base}/${path}`;
    const headers = new Headers({
      Authorization: `Bearer ${TOKEN}`,
      Accept: 'application/json',
      'Content-Type': 'application/json',
      cache: 'no-cache',
    });
    const plans = await fetch(fetchUrl('plans'), { headers });
    expect(plans.status).toBe(200);
    expect(((await plans.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    const search = await fetch(fetchUrl('users/search'), {
      headers,
      method: 'POST',
      body: JSON.stringify({ email: 'x@example.com' }),
    });
    expect(search.status).toBe(200);
    const subs = await fetch(fetchUrl('subscriptions?user=usr_0000000000000000000000000000&status=active'), { headers });
    expect(subs.status).toBe(200);
    expect(await subs.json()).toMatchObject({ object: 'list', items: [] });
  });

  it('serves a QR code path with a doubled slash as the same image', async () => {
    const post = async (path: string, body: unknown) =>
      (await (
        await fetch(`${server.url}/projects/demo${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as { id: string };
    const user = await post('/users', { email: 'qr@example.com', fullName: 'Q R' });
    const address = await post(`/users/${user.id}/addresses`, GUIDE_ADDRESS);
    const sub = await post('/subscriptions', { plan: GUIDE_PLAN_ID, user: user.id, sim: 'auto', userAddress: address.id });
    const active = (await (await get(`/projects/demo/subscriptions/${sub.id}`)).json()) as { sim: { id: string } };
    const credentials = (await (await get(`/projects/demo/sims/${active.sim.id}/credentials`)).json()) as { qrCodeUrl: string };
    const { pathname } = new URL(credentials.qrCodeUrl);
    const once = await get(pathname);
    const doubled = await get(pathname.replace('/qr/', '/qr//'));
    expect(once.status).toBe(200);
    expect(doubled.status).toBe(200);
    expect(doubled.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await doubled.arrayBuffer())).toEqual(Buffer.from(await once.arrayBuffer()));
  });
});

// A client must tell "you have a bug in your URL" (404) from "the simulator lacks this" (501).
describe('Gigs paths the simulator does not simulate', () => {
  it.each([
    [p('/subscriptionGroups'), 'subscription groups'],
    [p('/invoices'), 'billing'],
    [p('/usageBalances'), 'usage'],
  ])('answers 501 notImplemented for GET %s, naming %s', async (path, resource) => {
    const res = await call(makeSim(), 'GET', path);
    expect(res.status).toBe(501);
    expect(res.body).toEqual({ object: 'error', type: 'notImplemented', message: Messages.notImplemented(resource) });
  });

  it.each([p('/subscriptionGroups'), '/projects'])('checks the token before saying so for %s', async (path) => {
    expect((await call(makeSim(), 'GET', path, undefined, { authorization: '' })).status).toBe(401);
  });

  it('outside a project, takes only a configured key in strict mode', async () => {
    const sim = makeSim({ apiKeys: ['p1:k1'] });
    expect((await call(sim, 'GET', '/projects', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await call(sim, 'GET', '/projects', undefined, { authorization: 'Bearer k1' })).status).toBe(501);
  });

  it.each([
    ['/projects', 'projects'],
    [p(''), 'projects'],
  ])('answers 501 for GET %s', async (path, resource) => {
    const res = await call(makeSim(), 'GET', path);
    expect([res.status, res.body.message]).toEqual([501, Messages.notImplemented(resource)]);
  });

  it.each([p('/nonsense'), p('/userz'), '/nonsense'])('keeps an unknown path %s a 404', async (path) => {
    const res = await call(makeSim(), 'GET', path);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ type: 'notFound', message: Messages.routeNotFound });
  });
});
