import { describe, expect, it } from 'vitest';
import { ConnectSession } from '../../src/schemas/connect-session.js';
import { ConnectMessages } from '../../src/store/connect-rules.js';
import { tokenHash } from '../../src/store/connect-sessions.js';
import { Messages } from '../../src/store/errors.js';
import { call, GUIDE_PLAN_ID, guideUserWithAddress, makeSim, PROJECT, p } from '../helpers.js';
import { invariantViolations } from '../support/invariants.js';

const FAMILY_PLAN = 'pln_0SNlurA049MEWV3dFamilyDobP5x';

async function withSubscription() {
  const sim = makeSim();
  const { user, address } = await guideUserWithAddress(sim);
  const sub = await call(sim, 'POST', p('/subscriptions'), { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address });
  return { sim, user, address, subscription: sub.body.id as string };
}

const checkout = (extra: Record<string, unknown> = {}) => ({
  intent: { type: 'checkoutNewSubscription', checkoutNewSubscription: { plan: GUIDE_PLAN_ID, ...extra } },
});

describe('POST /connectSessions', () => {
  it('answers 201 with a url carrying the session and a single-use 256-bit token, as documented', async () => {
    const { sim, user } = await withSubscription();
    const res = await call(sim, 'POST', p('/connectSessions'), { ...checkout(), user, callbackUrl: 'https://example.com/back' });
    expect(res.status).toBe(201);
    expect(ConnectSession.safeParse(res.body).success).toBe(true);
    expect(res.body).toMatchObject({
      object: 'connectSession',
      id: expect.stringMatching(/^csn_/),
      appearance: {},
      callbackUrl: 'https://example.com/back',
      intent: { type: 'checkoutNewSubscription', checkoutNewSubscription: { plan: GUIDE_PLAN_ID } },
      user,
    });
    const url = new URL(res.body.url);
    expect(`${url.origin}${url.pathname}`).toBe('http://localhost:4020/connect/checkout/entry');
    expect(url.searchParams.get('session')).toBe(res.body.id);
    expect(url.searchParams.get('token')).toMatch(/^[0-9a-f]{64}$/);
    // Only the token's hash is kept: a snapshot never holds the secret.
    const token = url.searchParams.get('token') as string;
    const snapshot = JSON.stringify(sim.snapshot());
    expect(snapshot).not.toContain(token);
    expect(snapshot).toContain(tokenHash(token));
  });

  it('gives each session its own token, and other intents an /entry url', async () => {
    const { sim, user, subscription } = await withSubscription();
    const body = { intent: { type: 'viewSubscription', viewSubscription: { subscription } }, user };
    const [a, b] = [await call(sim, 'POST', p('/connectSessions'), body), await call(sim, 'POST', p('/connectSessions'), body)];
    expect(new URL(a.body.url).pathname).toBe('/connect/entry');
    expect(new URL(a.body.url).searchParams.get('token')).not.toBe(new URL(b.body.url).searchParams.get('token'));
  });

  it('uses --connect-url as the base of the url', async () => {
    const sim = makeSim({ connectUrl: 'https://connect.partner.test/hosted/' });
    const { user } = await guideUserWithAddress(sim);
    const res = await call(sim, 'POST', p('/connectSessions'), { ...checkout(), user });
    expect(res.body.url).toMatch(/^https:\/\/connect\.partner\.test\/hosted\/checkout\/entry\?session=csn_/);
  });

  it('answers 200 instead with --connect-session-status 200 (what Gigs\u2019 example app checks for)', async () => {
    const sim = makeSim({ connectSessionStatus: 200 });
    const { user } = await guideUserWithAddress(sim);
    const res = await call(sim, 'POST', p('/connectSessions'), { ...checkout(), user });
    expect(res.status).toBe(200);
    expect(res.body.url).toMatch(/token=/);
  });

  it('keeps appearance.theme and answers a session without a user with a url without token (Connect asks to sign in)', async () => {
    const sim = makeSim();
    const res = await call(sim, 'POST', p('/connectSessions'), { ...checkout(), appearance: { theme: 'dark' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ appearance: { theme: 'dark' }, user: null, callbackUrl: null });
    expect(new URL(res.body.url).searchParams.has('token')).toBe(false);
  });

  it('takes userDetails for a user who does not exist yet: the session has no user until it is used', async () => {
    const sim = makeSim();
    const res = await call(sim, 'POST', p('/connectSessions'), {
      ...checkout(),
      userDetails: { email: 'new@example.com', fullName: 'New Person', birthday: '1990-01-02', preferredLocale: 'en-US' },
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toBeNull();
    expect(new URL(res.body.url).searchParams.get('token')).toMatch(/^[0-9a-f]{64}$/);
    expect(sim.store.users.search(PROJECT, 'new@example.com')).toEqual([]);
  });

  it('emits com.gigs.connectSession.created without the url', async () => {
    const { sim, user } = await withSubscription();
    const res = await call(sim, 'POST', p('/connectSessions'), { ...checkout(), user });
    const event = sim.events.list({ limit: 10 }).items.find((e) => e.type === 'com.gigs.connectSession.created');
    expect(event?.data).toMatchObject({ id: res.body.id, url: null, user });
    expect(JSON.stringify(event)).not.toContain(new URL(res.body.url).searchParams.get('token'));
  });

  it.each([
    [
      'no parameters for the intent',
      { intent: { type: 'cancelSubscription' } },
      'intent.cancelSubscription',
      ConnectMessages.intentParamsRequired('cancelSubscription'),
    ],
    [
      'parameters of another intent',
      { intent: { type: 'viewSubscriptions', cancelSubscription: { subscription: 'sub_x' } } },
      'intent.cancelSubscription',
      ConnectMessages.intentParamsForeign('cancelSubscription', 'viewSubscriptions'),
    ],
    ['sim auto', checkout({ sim: 'auto' }), 'intent.checkoutNewSubscription.sim', ConnectMessages.simAuto],
    [
      'an unknown plan',
      { intent: { type: 'checkoutNewSubscription', checkoutNewSubscription: { plan: 'pln_nope' } } },
      'intent.checkoutNewSubscription.plan',
      Messages.notFound('plan'),
    ],
    ['an unknown SIM', checkout({ sim: 'sim_nope' }), 'intent.checkoutNewSubscription.sim', Messages.notFound('SIM')],
    ['an unknown device', checkout({ device: 'dev_nope' }), 'intent.checkoutNewSubscription.device', Messages.notFound('device')],
    [
      'an unknown add-on',
      { intent: { type: 'checkoutAddon', checkoutAddon: { subscription: '{sub}', addons: ['add_nope'] } } },
      'intent.checkoutAddon.addons.0',
      Messages.notFound('add-on'),
    ],
    [
      'an unknown subscription',
      { intent: { type: 'viewSubscription', viewSubscription: { subscription: 'sub_nope' } } },
      'intent.viewSubscription.subscription',
      Messages.notFound('subscription'),
    ],
    ['an unknown user', { ...checkout(), user: 'usr_nope' }, 'user', Messages.notFound('user')],
    [
      'both user and userDetails',
      { ...checkout(), user: '{user}', userDetails: { email: 'x@example.com' } },
      'userDetails',
      ConnectMessages.userOrDetails,
    ],
  ])('refuses %s with a 422 naming the property', async (_, body, property, message) => {
    const { sim, user, subscription } = await withSubscription();
    const filled = JSON.parse(JSON.stringify(body).replaceAll('{user}', user).replaceAll('{sub}', subscription));
    const before = sim.store.project(PROJECT).connectSessions.size;
    const res = await call(sim, 'POST', p('/connectSessions'), filled);
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('invalid');
    expect(res.body.details).toContainEqual(expect.objectContaining({ property, message }));
    expect(sim.store.project(PROJECT).connectSessions.size).toBe(before);
  });

  it('refuses a subscription of another user than the session\u2019s', async () => {
    const { sim, subscription } = await withSubscription();
    const other = await call(sim, 'POST', p('/users'), { email: 'other@example.com' });
    const res = await call(sim, 'POST', p('/connectSessions'), {
      intent: { type: 'cancelSubscription', cancelSubscription: { subscription } },
      user: other.body.id,
    });
    expect(res.status).toBe(422);
    expect(res.body.details[0]).toMatchObject({
      property: 'intent.cancelSubscription.subscription',
      message: ConnectMessages.subscriptionOfAnotherUser,
    });
  });

  it('validates the body with zod first: an unknown intent type, a bad callbackUrl, an unknown field', async () => {
    const sim = makeSim();
    const bad = async (body: unknown) => (await call(sim, 'POST', p('/connectSessions'), body)).body;
    expect((await bad({ intent: { type: 'buyEverything' } })).details[0].property).toBe('intent.type');
    expect((await bad({ ...checkout(), callbackUrl: 'javascript:alert(1)' })).details[0].property).toBe('callbackUrl');
    expect((await bad({ ...checkout(), callbackUrl: 'not a url' })).details[0].property).toBe('callbackUrl');
    expect((await bad({ ...checkout(), colour: 'red' })).details[0].message).toBe('Unknown property: colour.');
    expect((await bad({})).details[0]).toMatchObject({ property: 'intent', code: 'propertyRequired' });
    // An app scheme is a valid callback (mobile apps come back through one).
    expect((await call(sim, 'POST', p('/connectSessions'), { ...checkout(), callbackUrl: 'myapp://connect/done' })).status).toBe(
      201,
    );
  });

  it('answers confirmPayment with 501: payments are not simulated', async () => {
    const sim = makeSim();
    const res = await call(sim, 'POST', p('/connectSessions'), {
      intent: { type: 'confirmPayment', confirmPayment: { payment: 'pay_x' } },
    });
    expect(res.status).toBe(501);
    expect(res.body.type).toBe('notImplemented');
  });

  it('needs a token like every project route', async () => {
    const res = await call(makeSim(), 'POST', p('/connectSessions'), checkout(), { authorization: '' });
    expect(res.status).toBe(401);
  });

  it('accepts every documented intent type that takes no parameters', async () => {
    const { sim, user } = await withSubscription();
    for (const type of ['updatePaymentMethod', 'updateUserAddress', 'updateUserFullName', 'viewSubscriptions']) {
      const res = await call(sim, 'POST', p('/connectSessions'), { intent: { type }, user });
      expect([type, res.status]).toEqual([type, 201]);
    }
    expect(invariantViolations(sim)).toEqual([]);
  });
});

describe('GET /connectSessions/{connectSession}', () => {
  it('answers the session without its url', async () => {
    const { sim, user } = await withSubscription();
    const made = await call(sim, 'POST', p('/connectSessions'), { ...checkout(), user });
    const res = await call(sim, 'GET', p(`/connectSessions/${made.body.id}`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...made.body, url: null });
  });

  it('answers 404 for an unknown session', async () => {
    const res = await call(makeSim(), 'GET', p('/connectSessions/csn_nope'));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ type: 'notFound', message: Messages.notFound('connect session') });
  });
});

describe('Connect Sessions in snapshots', () => {
  it('survive a snapshot and a restore, their tokens still working once', async () => {
    const { sim, user } = await withSubscription();
    const made = await call(sim, 'POST', p('/connectSessions'), { ...checkout(), user, appearance: { theme: 'light' } });
    const snapshot = JSON.parse(JSON.stringify(sim.snapshot()));
    const restored = makeSim();
    restored.restore(snapshot);
    expect((await call(restored, 'GET', p(`/connectSessions/${made.body.id}`))).body).toEqual({ ...made.body, url: null });
    const secret = new URL(made.body.url).searchParams.get('token');
    const exchange = () =>
      restored.app.request('/connect/api/embeds/auth', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ secret }),
      });
    expect((await exchange()).status).toBe(200);
    expect((await exchange()).status).toBe(422);
    expect(invariantViolations(restored)).toEqual([]);
  });

  it('refuses a snapshot whose session names a missing user, and changes nothing', async () => {
    const { sim, user } = await withSubscription();
    await call(sim, 'POST', p('/connectSessions'), { ...checkout(), user });
    const snapshot = JSON.parse(JSON.stringify(sim.snapshot()));
    snapshot.projects[0].connectSessions[0].user = 'usr_gone';
    const target = makeSim();
    expect(() => target.restore(snapshot)).toThrow();
    expect(target.store.projectIds()).toEqual([]);
    // Nor a callbackUrl the API would refuse: it becomes a link on Connect's success page.
    const scripted = JSON.parse(JSON.stringify(sim.snapshot()));
    scripted.projects[0].connectSessions[0].callbackUrl = 'javascript:alert(1)';
    expect(() => target.restore(scripted)).toThrow();
  });
});
