import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GUIDE_PLAN_ID, guideUserWithAddress, makeSim, PROJECT, TOKEN } from '../helpers.js';
import { invariantViolations } from '../support/invariants.js';

/**
 * Property-based fuzzing of every public route with fixed seeds: whatever a broken client sends,
 * the answer is never a 5xx, every error is a Gigs error with a documented status, and the store's
 * invariants hold afterwards.
 */
const SEED = 20261127;
const RUNS = 1500;
const ERROR_STATUSES = new Set([400, 401, 403, 404, 413, 415, 422]);

const ROUTES: [string, string][] = [
  ['POST', '/users'],
  ['GET', '/users'],
  ['POST', '/users/search'],
  ['GET', '/users/{user}'],
  ['PATCH', '/users/{user}'],
  ['DELETE', '/users/{user}'],
  ['POST', '/users/{user}/addresses'],
  ['GET', '/users/{user}/addresses'],
  ['GET', '/users/{user}/addresses/{address}'],
  ['DELETE', '/users/{user}/addresses/{address}'],
  ['GET', '/plans'],
  ['GET', '/plans/{plan}'],
  ['GET', '/addons'],
  ['GET', '/addons/{addon}'],
  ['POST', '/subscriptionAddons'],
  ['GET', '/subscriptionAddons'],
  ['GET', '/subscriptionAddons/{subscriptionAddon}'],
  ['POST', '/subscriptionAddons/{subscriptionAddon}/cancel'],
  ['POST', '/devices'],
  ['GET', '/devices'],
  ['POST', '/devices/search'],
  ['GET', '/devices/{device}'],
  ['PATCH', '/devices/{device}'],
  ['DELETE', '/devices/{device}'],
  ['GET', '/subscriptions/{subscription}/usage'],
  ['POST', `!/testing/projects/${PROJECT}/subscriptions/{subscription}/usage`],
  ['GET', '!/deviceModelBrands'],
  ['POST', '/subscriptionChanges'],
  ['GET', '/subscriptionChanges'],
  ['GET', '/subscriptionChanges/{subscriptionChange}'],
  ['DELETE', '/subscriptionChanges/{subscriptionChange}'],
  ['POST', '/subscriptions'],
  ['GET', '/subscriptions'],
  ['POST', '/subscriptions/search'],
  ['GET', '/subscriptions/{subscription}'],
  ['PATCH', '/subscriptions/{subscription}'],
  ['POST', '/subscriptions/{subscription}/cancel'],
  ['POST', '/subscriptions/{subscription}/resume'],
  ['POST', '/subscriptions/{subscription}/end'],
  ['GET', '/sims'],
  ['POST', '/sims/search'],
  ['GET', '/sims/{sim}'],
  ['GET', '/sims/{sim}/credentials'],
  ['GET', '/sims/{sim}/eSimProfile'],
  ['POST', '/portings'],
  ['GET', '/portings'],
  ['GET', '/portings/{porting}'],
  ['PATCH', '/portings/{porting}'],
  ['POST', '/portings/{porting}/cancel'],
  ['DELETE', '/portings/{porting}'],
  ['POST', '/portOuts'],
  ['GET', '/portOuts'],
  ['GET', '/portOuts/{portOut}'],
  ['GET', '/portOuts/{portOut}/credentials'],
  ['POST', '/connectSessions'],
  ['GET', '/connectSessions/{connectSession}'],
  // Outside /projects: the routes the fuzzer does not prefix.
  ['GET', '!/serviceProviders'],
  ['POST', '!/connect/api/embeds/auth'],
  ['POST', '!/api/embeds/auth'],
];

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '__proto__',
    'constructor',
    'prototype',
    '../..',
    '%00',
    '\u0000',
    '😀',
    'x'.repeat(5000),
    '-1',
    '1e9',
    'NaN',
    'null',
    '[]',
  ),
);

const jsonValue = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue(),
  nasty,
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, -1, 1e308, Number.MAX_SAFE_INTEGER + 2),
);

/** Bodies: random JSON, plausible shapes with broken fields, deep nesting, prototype keys. */
const body = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .dictionary(
      fc.constantFrom(
        'email',
        'fullName',
        'birthday',
        'metadata',
        'line1',
        'city',
        'country',
        'state',
        'postalCode',
        'plan',
        'user',
        'sim',
        'userAddress',
        'phoneNumber',
        'iccid',
        'userReason',
        'provider',
        'accountNumber',
        'accountPin',
        'address',
        'donorProvider',
        'donorProviderApproval',
        'firstName',
        'lastName',
        'subscription',
        'porting',
        'extra',
      ),
      jsonValue,
    )
    .map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '{"email":"a@example.com","metadata":{"__proto__":{"polluted":"yes"}}}',
    '{"__proto__":{"polluted":"yes"},"email":"b@example.com"}',
    '{"constructor":{"prototype":{"polluted":"yes"}}}',
    '{"metadata":{"constructor":"x","__proto__":"y"},"email":"c@example.com"}',
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
    `{"a":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`,
    '{"email":"d@example.com"',
    'null',
    '',
    '\u0000\u0001',
  ),
);

const headers = fc.record({
  authorization: fc.oneof(
    fc.constant(`Bearer ${TOKEN}`),
    fc.constant(''),
    fc.constant('Bearer'),
    fc.constant('Basic abc'),
    nasty.filter((s) => /^[\x20-\x7e]*$/.test(s)).map((s) => `Bearer ${s}`),
  ),
  'content-type': fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    '',
    'application/json; charset=latin1',
  ),
});

const query = fc.array(
  fc.tuple(
    fc.constantFrom(
      'limit',
      'after',
      'before',
      'user',
      'status',
      'plan',
      'sim',
      'simType',
      'provider',
      'iccid',
      'type',
      'phoneNumber',
      'subscription',
      'recipientProvider',
      'junk',
    ),
    nasty,
  ),
  {
    maxLength: 3,
  },
);

describe('fuzzing every public route', () => {
  it('never answers 5xx, always a Gigs error body, and keeps the store consistent', async () => {
    const sim = makeSim();
    const { user, address } = await guideUserWithAddress(sim);
    const created = await sim.app.request(`/projects/${PROJECT}/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address }),
    });
    const subscription = ((await created.json()) as { id: string }).id;
    sim.advance('5s');
    const simId = sim.store.subscriptions.get(PROJECT, subscription).sim?.id ?? 'sim_x';
    const api = (path: string, body: unknown) =>
      sim.app.request(`/projects/${PROJECT}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const porting = (
      (await (await api('/portings', { phoneNumber: '+12125550123', provider: 'p9', user })).json()) as { id: string }
    ).id;
    const portOut = ((await (await api('/portOuts', { subscription })).json()) as { id: string }).id;
    const addon = 'add_0SNlurA049MEWV4aTopUp1GbP9xx';
    const subscriptionAddon = sim.store.subscriptionAddons.create(PROJECT, { subscription, addon }).id;
    const device = sim.store.devices.create(PROJECT, { imei: '490154203237518', user }).id;
    const subscriptionChange = sim.store.subscriptionChanges.create(PROJECT, {
      subscription,
      plan: 'pln_0SNlurA049MEWV3aUnlimitedP9x',
    }).id;
    const connectSession = sim.store.connectSessions.create(PROJECT, {
      intent: { type: 'viewSubscription', viewSubscription: { subscription } },
      user,
    }).id;
    const ids = {
      connectSession,
      user,
      address,
      subscription,
      sim: simId,
      plan: GUIDE_PLAN_ID,
      addon,
      subscriptionAddon,
      device,
      subscriptionChange,
      porting,
      portOut,
    };

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.boolean(),
        nasty,
        query,
        headers,
        fc.option(body, { nil: undefined }),
        async ([method, template], realIds, garbageId, params, hdrs, payload) => {
          const path = template.replace(/\{(\w+)\}/g, (_, name: keyof typeof ids) =>
            realIds ? ids[name] : encodeURIComponent(garbageId),
          );
          const qs = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(hdrs)) if (v) h[k] = v;
          const prefix = path.startsWith('!') ? '' : `/projects/${PROJECT}`;
          const res = await sim.app.request(`${prefix}${path.replace(/^!/, '')}${qs ? `?${qs}` : ''}`, {
            method,
            headers: h,
            body: method === 'GET' ? undefined : payload,
          });
          expect(res.status).toBeLessThan(500);
          const text = await res.text();
          const parsed = JSON.parse(text);
          if (res.status >= 400) {
            expect(ERROR_STATUSES.has(res.status), `status ${res.status}`).toBe(true);
            expect(parsed).toMatchObject({ object: 'error', type: expect.any(String), message: expect.any(String) });
          }
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    expect(invariantViolations(sim)).toEqual([]);
  });

  it('never answers 5xx for random paths and methods under /projects, but 501 for a Gigs path not simulated', async () => {
    const sim = makeSim();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
        fc.array(nasty, { minLength: 0, maxLength: 5 }),
        async (method, segments) => {
          const path = `/projects/${segments.map(encodeURIComponent).join('/')}`;
          const res = await sim.app.request(path, { method, headers: { authorization: `Bearer ${TOKEN}` } });
          if (method === 'HEAD') return void expect(res.status === 501 || res.status < 500).toBe(true);
          const body = res.status >= 400 ? JSON.parse(await res.text()) : undefined;
          if (res.status >= 500) expect([res.status, body.type]).toEqual([501, 'notImplemented']);
          if (body !== undefined) expect(body.object).toBe('error');
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    expect(invariantViolations(sim)).toEqual([]);
  });

  it('never answers 5xx from the simulated Connect pages, whatever the path, form, query or cookie', async () => {
    // A bug the pages caught would still be reported here (and answered 500).
    const bugs: unknown[] = [];
    const sim = makeSim({ onError: (error) => bugs.push(error) });
    const { user } = await guideUserWithAddress(sim);
    const made = sim.store.connectSessions.create(PROJECT, {
      intent: { type: 'checkoutNewSubscription', checkoutNewSubscription: { plan: GUIDE_PLAN_ID } },
      user,
    });
    const secret = new URL(made.url ?? '').searchParams.get('token') ?? '';
    // A real browser grant, so the fuzzer also reaches the pages behind the cookie.
    const entry = await sim.app.request(`/connect/checkout/entry?session=${made.id}&token=${secret}`);
    const cookie = entry.headers.get('set-cookie')?.split(';')[0] ?? '';
    const actions = [
      '',
      '/checkout/details',
      '/checkout/pay',
      '/cancel',
      '/resume',
      '/change',
      '/addons',
      '/porting',
      '/address',
      '/name',
      '/payment-method',
      '/done',
      '/sign-in',
      '/x',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        fc.constantFrom(...actions),
        fc.boolean(),
        // The pages' own field names, with hostile values, and random ones.
        fc.dictionary(
          fc.oneof(
            fc.constantFrom(
              'email',
              'userReason',
              'birthday',
              'fullName',
              'sim',
              'plan',
              'card.number',
              'card.expiry',
              'card.cvc',
              'address.line1',
              'address.country',
              'accountPin',
              'donorProvider',
              'donorProviderApproval',
            ),
            nasty,
          ),
          nasty,
          { maxKeys: 8 },
        ),
        fc.option(nasty, { nil: undefined }),
        async (method, action, realSession, form, query) => {
          const id = realSession ? made.id : encodeURIComponent(query ?? 'csn_x');
          const body = method === 'GET' ? undefined : new URLSearchParams(form).toString();
          const res = await sim.app.request(`/connect/s/${id}${action}${query ? `?q=${encodeURIComponent(query)}` : ''}`, {
            method,
            headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
            body,
          });
          expect(res.status).toBeLessThan(500);
          expect(await res.text()).not.toMatch(/\bat .+\.(ts|js):\d+/);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    expect(bugs).toEqual([]);
    expect(invariantViolations(sim)).toEqual([]);
    // What the pages stored still makes a snapshot the simulator takes back.
    expect(() => makeSim().restore(JSON.parse(JSON.stringify(sim.snapshot())))).not.toThrow();
  });

  it('keeps the store consistent through random sequences of valid-looking operations', async () => {
    const sim = makeSim({ activationMode: 'immediate' });
    sim.store.ensureProject(PROJECT);
    const op = fc.oneof(
      fc.record({ kind: fc.constant('user' as const), email: fc.constantFrom('a@x.com', 'b@x.com', 'A@X.com', 'c@x.com') }),
      fc.record({ kind: fc.constant('delete' as const), i: fc.nat(5) }),
      fc.record({ kind: fc.constant('subscribe' as const), i: fc.nat(5), psim: fc.boolean() }),
      fc.record({ kind: fc.constant('end' as const), i: fc.nat(5) }),
      fc.record({ kind: fc.constant('cancel' as const), i: fc.nat(5) }),
      fc.record({ kind: fc.constant('advance' as const), days: fc.nat(40) }),
      fc.record({
        kind: fc.constant('port' as const),
        i: fc.nat(5),
        number: fc.constantFrom('+12125552000', '+12125550110', '+12125550130', '+12125552001'),
      }),
      fc.record({ kind: fc.constant('portOut' as const), i: fc.nat(5) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), async (ops) => {
        const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
        const req = (method: string, path: string, b?: unknown) =>
          sim.app.request(`/projects/${PROJECT}${path}`, {
            method,
            headers: auth,
            body: b === undefined ? undefined : JSON.stringify(b),
          });
        const users: string[] = [];
        const subs: string[] = [];
        const psims = sim.store.sims
          .list(PROJECT, { limit: 200 }, { type: ['pSIM'] })
          .items.filter((s) => s.provider === 'p5')
          .map((s) => s.id);
        for (const o of ops) {
          let res: Response | undefined;
          if (o.kind === 'user') res = await req('POST', '/users', { email: o.email, fullName: 'F L' });
          if (o.kind === 'delete' && users[o.i]) res = await req('DELETE', `/users/${users[o.i]}`);
          if (o.kind === 'subscribe' && users[o.i]) {
            res = await req('POST', '/subscriptions', {
              plan: o.psim ? 'pln_0SNlurA049MEWV3bBasicPSimP5x' : 'pln_0SNlurA049MEWV3eTravelEuTest',
              user: users[o.i],
              sim: o.psim ? (psims[o.i % 2] ?? 'auto') : 'auto',
            });
          }
          if (o.kind === 'end' && subs[o.i]) res = await req('POST', `/subscriptions/${subs[o.i]}/end`);
          if (o.kind === 'cancel' && subs[o.i]) res = await req('POST', `/subscriptions/${subs[o.i]}/cancel`);
          if (o.kind === 'advance') sim.advance(o.days * 86_400_000);
          if (o.kind === 'port' && users[o.i]) {
            const created = await req('POST', '/portings', {
              phoneNumber: o.number,
              provider: 'p5',
              user: users[o.i],
              accountNumber: '1',
              accountPin: '2',
              firstName: 'F',
              lastName: 'L',
              donorProvider: 'svp_0SNlurA01K6GY5L0ATT001',
              address: { line1: '1 Main St', city: 'NYC', postalCode: '10001', country: 'US' },
            });
            expect(created.status).toBeLessThan(500);
            const porting = ((await created.json()) as { id?: string }).id;
            res = await req('POST', '/subscriptions', {
              plan: 'pln_0SNlurA049MEWV3cEssentialsP5',
              user: users[o.i],
              sim: 'auto',
              porting,
            });
          }
          if (o.kind === 'portOut' && subs[o.i]) res = await req('POST', '/portOuts', { subscription: subs[o.i] });
          if (res) {
            expect(res.status).toBeLessThan(500);
            const b = (await res.json()) as { object: string; id: string };
            if (res.status === 201 && b.object === 'user') users.push(b.id);
            if (res.status === 201 && b.object === 'subscription') subs.push(b.id);
          }
        }
        expect(invariantViolations(sim)).toEqual([]);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
