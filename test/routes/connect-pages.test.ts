import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Simulator } from '../../src/simulator.js';
import { ConnectMessages } from '../../src/store/connect-rules.js';
import { call, GUIDE_PLAN_ID, guideUserWithAddress, makeSim, PROJECT, p } from '../helpers.js';
import { invariantViolations } from '../support/invariants.js';

/** Opens a session's url as a browser would: the cookie it gets, and where it is sent. */
async function open(sim: Simulator, url: string) {
  const entry = await sim.app.request(url.replace('http://localhost:4020', ''));
  const cookie = entry.headers.get('set-cookie')?.split(';')[0] ?? '';
  return { status: entry.status, cookie, page: entry.headers.get('location') ?? '' };
}

async function post(
  sim: Simulator,
  path: string,
  cookie: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const res = await sim.app.request(path, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', host: 'localhost:4020', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}

async function active(sim: Simulator, email = 'jerry@example.com') {
  const { user, address } = await guideUserWithAddress(sim, email);
  const sub = await call(sim, 'POST', p('/subscriptions'), { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address });
  sim.advance('5s');
  return { user, subscription: sub.body.id as string };
}

describe('the simulated Connect pages, refusing what the API refuses', () => {
  it('sends no CORS headers on the control plane or the Connect pages, and answers no preflight there', async () => {
    const sim = makeSim();
    const origin = { origin: 'http://evil.test' };
    for (const path of ['/__mock/snapshot', '/__mock/ui', '/connect/entry']) {
      const res = await sim.app.request(path, { headers: origin });
      expect([path, res.headers.get('access-control-allow-origin')]).toEqual([path, null]);
      const pre = await sim.app.request(path, {
        method: 'OPTIONS',
        headers: { ...origin, 'access-control-request-method': 'PUT' },
      });
      expect([path, pre.headers.get('access-control-allow-origin')]).toEqual([path, null]);
    }
  });

  it('refuses a form posted from another origin (CSRF), and changes nothing', async () => {
    const sim = makeSim();
    const { user, subscription } = await active(sim);
    const made = await call(sim, 'POST', p('/connectSessions'), {
      intent: { type: 'cancelSubscription', cancelSubscription: { subscription } },
      user,
    });
    const { cookie, page } = await open(sim, made.body.url);
    const res = await post(sim, `${page}/cancel`, cookie, {}, { origin: 'http://localhost:3000' });
    expect(res.status).toBe(403);
    expect(sim.store.subscriptions.get(PROJECT, subscription).canceledAt).toBeNull();
    // The same form from Connect's own origin works.
    expect((await post(sim, `${page}/cancel`, cookie, {}, { origin: 'http://localhost:4020' })).status).toBe(303);
  });

  it('checks a cancel reason against the API\u2019s list', async () => {
    const sim = makeSim();
    const { user, subscription } = await active(sim);
    const made = await call(sim, 'POST', p('/connectSessions'), {
      intent: { type: 'cancelSubscription', cancelSubscription: { subscription } },
      user,
    });
    const { cookie, page } = await open(sim, made.body.url);
    const res = await post(sim, `${page}/cancel`, cookie, { userReason: '<script>x</script>' });
    expect(res.status).toBe(422);
    expect(res.html).not.toContain('<script>x</script>');
    expect(sim.store.subscriptions.get(PROJECT, subscription).canceledAt).toBeNull();
  });

  it('signs in only with a valid email, and makes no user of a bad one', async () => {
    const sim = makeSim();
    const made = await call(sim, 'POST', p('/connectSessions'), {
      intent: { type: 'checkoutNewSubscription', checkoutNewSubscription: { plan: GUIDE_PLAN_ID } },
    });
    const before = sim.store.project(PROJECT).users.size;
    const id = made.body.id;
    for (const email of ['', '<b>not an email']) {
      const res = await post(sim, `/connect/s/${id}/sign-in`, '', { email });
      expect(res.status).toBe(422);
    }
    expect(sim.store.project(PROJECT).users.size).toBe(before);
    const ok = await post(sim, `/connect/s/${id}/sign-in`, '', { email: 'new@example.com' });
    expect(ok.status).toBe(303);
    expect(sim.store.users.search(PROJECT, 'new@example.com')).toHaveLength(1);
  });

  it('checks a birthday and a full name as the API does, storing neither when bad', async () => {
    const sim = makeSim();
    const user = (await call(sim, 'POST', p('/users'), { email: 'x@example.com' })).body.id;
    const made = await call(sim, 'POST', p('/connectSessions'), {
      intent: { type: 'checkoutNewSubscription', checkoutNewSubscription: { plan: 'pln_0SNlurA049MEWV3dFamilyDobP5x' } },
      user,
    });
    const { cookie, page } = await open(sim, made.body.url);
    const res = await post(sim, `${page}/checkout/details`, cookie, {
      sim: 'auto',
      fullName: 'x'.repeat(300),
      birthday: '2026-99-99',
    });
    expect(res.status).toBe(422);
    expect(res.html).toContain('at most 255 characters');
    expect(res.html).toContain('real date');
    expect(sim.store.users.get(PROJECT, user)).toMatchObject({ fullName: null, birthday: null });
  });

  it('refuses a checkout whose pSIM was taken since the session was made, before writing anything', async () => {
    const sim = makeSim();
    const plan = 'pln_0SNlurA049MEWV3cEssentialsP5';
    sim.store.ensureProject(PROJECT);
    const [psim] = sim.store.sims.list(PROJECT, { limit: 50 }, { type: ['pSIM'] }).items.filter((s) => s.provider === 'p5');
    const made = await call(sim, 'POST', p('/connectSessions'), {
      intent: { type: 'checkoutNewSubscription', checkoutNewSubscription: { plan, sim: psim?.id } },
      userDetails: { email: 'late@example.com' },
    });
    const other = (await call(sim, 'POST', p('/users'), { email: 'quick@example.com', fullName: 'Quick' })).body.id;
    expect((await call(sim, 'POST', p('/subscriptions'), { plan, user: other, sim: psim?.id })).status).toBe(201);
    const { cookie, page } = await open(sim, made.body.url);
    const res = await post(sim, `${page}/checkout/pay`, cookie, {
      fullName: 'Half Stored',
      'card.number': '4242424242424242',
      'card.expiry': '12/30',
      'card.cvc': '123',
    });
    expect(res.status).toBe(422);
    const [late] = sim.store.users.search(PROJECT, 'late@example.com');
    expect(late?.fullName ?? null).toBeNull();
    expect(sim.store.subscriptions.list(PROJECT, { limit: 10 }, { user: [late?.id ?? 'x'] }).items).toEqual([]);
  });

  it('never shows another user\u2019s subscription or eSIM to a view intent', async () => {
    const sim = makeSim();
    const victim = await active(sim);
    const code = sim.store.sims.credentials(
      PROJECT,
      sim.store.subscriptions.get(PROJECT, victim.subscription).sim?.id ?? '',
    ).activationCode;
    const made = await call(sim, 'POST', p('/connectSessions'), {
      intent: { type: 'viewEsimInstallation', viewEsimInstallation: { subscription: victim.subscription } },
      userDetails: { email: 'attacker@example.com' },
    });
    const { cookie, page } = await open(sim, made.body.url);
    const res = await sim.app.request(page, { headers: { cookie } });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(code as string);
    expect(invariantViolations(sim)).toEqual([]);
  });

  it('gives no token for a session whose user was deleted since', async () => {
    const sim = makeSim();
    const { user, subscription } = await active(sim);
    const made = await call(sim, 'POST', p('/connectSessions'), {
      intent: { type: 'viewSubscription', viewSubscription: { subscription } },
      user,
    });
    await call(sim, 'DELETE', p(`/users/${user}`));
    const res = await sim.app.request('/connect/api/embeds/auth', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: new URL(made.body.url).searchParams.get('token') }),
    });
    expect(res.status).toBe(422);
  });

  it('keeps user tokens off PATCH /users and POST /addresses (partner-owned data)', async () => {
    const sim = makeSim();
    const { user, subscription } = await active(sim);
    const made = await call(sim, 'POST', p('/connectSessions'), {
      intent: { type: 'viewSubscription', viewSubscription: { subscription } },
      user,
    });
    const res = await sim.app.request('/connect/api/embeds/auth', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: new URL(made.body.url).searchParams.get('token') }),
    });
    const token = ((await res.json()) as { token: { access_token: string } }).token.access_token;
    const auth = { authorization: `Bearer ${token}` };
    const patch = await call(sim, 'PATCH', p(`/users/${user}`), { metadata: { tier: 'vip' } }, auth);
    expect([patch.status, patch.body.message]).toEqual([403, ConnectMessages.userTokenScope]);
    expect((await call(sim, 'POST', p(`/users/${user}/addresses`), {}, auth)).status).toBe(403);
  });

  it('refuses a --connect-url without a path (the pages would cover the API)', () => {
    expect(() => makeSim({ connectUrl: 'http://connect.localhost:4099' })).toThrow(/with a path/);
    expect(() => loadConfig({}, ['--connect-url', 'http://connect.localhost:4099/'])).toThrow(/--connect-url/);
    expect(() => loadConfig({}, ['--connect-url', 'http://h/c?x=1'])).toThrow(/--connect-url/);
    expect(loadConfig({}, ['--connect-url', 'http://h:1/c/']).config.connectUrl).toBe('http://h:1/c');
  });
});
