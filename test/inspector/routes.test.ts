import { describe, expect, it } from 'vitest';
import { ADMIN_COOKIE } from '../../src/http/control.js';
import type { Simulator } from '../../src/simulator.js';
import { call, guideUserWithAddress, makeSim, PROJECT, p } from '../helpers.js';
import { guideSubscription } from '../support/control.js';

const UI = '/__mock/ui';

const page = async (sim: Simulator, path: string, headers: Record<string, string> = {}) => {
  const res = await sim.app.request(`${UI}${path}`, { headers });
  return { status: res.status, html: await res.text(), headers: res.headers };
};

const act = async (sim: Simulator, name: string, fields: Record<string, string>) => {
  const res = await sim.app.request(`${UI}/actions/${name}`, { method: 'POST', body: new URLSearchParams(fields) });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
};

describe('GET /__mock/ui', () => {
  it('lists the projects with their counts, escaped', async () => {
    const sim = makeSim();
    await guideUserWithAddress(sim);
    const { status, html, headers } = await page(sim, '');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(html).toContain(`href="${UI}/projects/${PROJECT}"`);
    expect(html).toContain('data-stream="/__mock/ui/stream"');
  });

  it("shows a user's subscription, its SIM and the QR code from the /qr route", async () => {
    const sim = makeSim({ activationMode: 'immediate' });
    const sub = await guideSubscription(sim);
    const full = await call(sim, 'GET', p(`/subscriptions/${sub.id}`));
    const credentials = await call(sim, 'GET', p(`/sims/${full.body.sim.id}/credentials`));
    const { status, html } = await page(sim, `/projects/${PROJECT}/users/${full.body.user.id}`);
    expect(status).toBe(200);
    expect(html).toContain(sub.id);
    expect(html).toContain(full.body.sim.iccid);
    const qrPath = new URL(credentials.body.qrCodeUrl).pathname;
    expect(html).toContain(`src="${qrPath}"`);
    expect((await sim.app.request(qrPath)).headers.get('content-type')).toBe('image/png');
  });

  it("shows a user's Connect Sessions and their state, never their url or token", async () => {
    const sim = makeSim();
    const { user } = await guideUserWithAddress(sim);
    const made = await call(sim, 'POST', p('/connectSessions'), { intent: { type: 'viewSubscriptions' }, user });
    const token = new URL(made.body.url).searchParams.get('token') as string;
    const before = await page(sim, `/projects/${PROJECT}/users/${user}`);
    expect(before.html).toContain(made.body.id);
    expect(before.html).toContain('not opened');
    expect(before.html).not.toContain(token);
    const entry = await sim.app.request(made.body.url.replace('http://localhost:4020', ''));
    expect((await page(sim, `/projects/${PROJECT}/users/${user}`)).html).toContain('in use');
    // The view intent's page is its success page: the session is then complete.
    const cookie = entry.headers.get('set-cookie')?.split(';')[0] as string;
    await sim.app.request(entry.headers.get('location') as string, { headers: { cookie } });
    expect((await page(sim, `/projects/${PROJECT}/users/${user}`)).html).toContain('completed');
  });

  it('escapes what the API was given (a name with markup)', async () => {
    const sim = makeSim();
    const user = await call(sim, 'POST', p('/users'), { email: 'x@example.com', fullName: '<script>alert(1)</script>' });
    const { html } = await page(sim, `/projects/${PROJECT}/users/${user.body.id}`);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('finds a user by id, email, phone number, ICCID, subscription and SIM id', async () => {
    const sim = makeSim({ activationMode: 'immediate' });
    const sub = await guideSubscription(sim);
    const full = (await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body;
    const userPage = `${UI}/projects/${PROJECT}/users/${full.user.id}`;
    for (const q of [full.user.id, 'JERRY@example.com', full.phoneNumber, full.sim.iccid, sub.id, full.sim.id]) {
      const res = await sim.app.request(`${UI}/projects/${PROJECT}?q=${encodeURIComponent(q)}`);
      expect([q, res.status, res.headers.get('location')]).toEqual([q, 303, userPage]);
    }
    const none = await page(sim, `/projects/${PROJECT}?q=nobody%40example.com`);
    expect(none.status).toBe(200);
    expect(none.html).toContain('Nothing matches.');
  });

  it('pages users server-side: 25 a page, with a cursor to the next', async () => {
    const sim = makeSim({ scenario: 'populated' });
    sim.store.ensureProject(PROJECT);
    const first = await page(sim, `/projects/${PROJECT}`);
    expect(first.html).toContain('Users (250)');
    expect(first.html.match(/<tr>/g)?.length).toBe(26);
    const after = /href="([^"]+after=[^"]+)"/.exec(first.html)?.[1]?.replaceAll('&amp;', '&');
    expect(after).toBeDefined();
    const second = await sim.app.request(after as string);
    expect(second.status).toBe(200);
    expect((await second.text()).match(/<tr>/g)?.length).toBe(26);
  });

  it('answers an unknown project, user or cursor with a Gigs error on a page, not a 500', async () => {
    const sim = makeSim();
    await guideUserWithAddress(sim);
    for (const path of [`/projects/nope`, `/projects/${PROJECT}/users/usr_nope`, `/projects/${PROJECT}?after=usr_nope`]) {
      const res = await page(sim, path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.html).toContain('class="alert error"');
      expect(res.html).toContain('&quot;object&quot;: &quot;error&quot;');
    }
    expect(sim.store.hasProject('nope')).toBe(false);
  });

  it('renders the events, webhooks, requests, time, faults and snapshot pages', async () => {
    const sim = makeSim();
    await guideSubscription(sim);
    for (const [path, text] of [
      ['/events', 'com.gigs.subscription.created'],
      ['/webhooks', 'Signing secret'],
      ['/requests', '/projects/test-project/subscriptions'],
      ['/time', 'subscription.activate'],
      ['/faults', 'Add fault rule'],
      ['/snapshot', 'Download snapshot'],
    ]) {
      const res = await page(sim, path as string);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.html, path).toContain(text);
    }
  });

  it('leaves its own page loads out of the request log', async () => {
    const sim = makeSim();
    await page(sim, '');
    await page(sim, '/events');
    expect(sim.requests.recent().filter((r) => r.path.startsWith(UI))).toEqual([]);
  });

  it('is off with the control plane (404)', async () => {
    const sim = makeSim({ controlPlane: false });
    expect((await page(sim, '')).status).toBe(404);
    expect((await page(sim, '/stream')).status).toBe(404);
  });
});

describe('the inspector behind --admin-token', () => {
  const ADMIN = 'admin-secret';

  it('asks for the token on a page, and never serves state without it', async () => {
    const sim = makeSim({ adminToken: ADMIN });
    const res = await page(sim, '');
    expect(res.status).toBe(401);
    expect(res.html).toContain('?token=');
    expect((await page(sim, '?token=wrong')).status).toBe(401);
    const post = await act(sim, 'clearFaults', {});
    expect(post.status).toBe(401);
  });

  it('takes ?token= once, sets an HttpOnly SameSite=Strict cookie for /__mock, and redirects without it', async () => {
    const sim = makeSim({ adminToken: ADMIN });
    const res = await sim.app.request(`${UI}/events?token=${ADMIN}&type=x`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${UI}/events?type=x`);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${ADMIN_COOKIE}=`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/__mock');
    expect(cookie).not.toContain(ADMIN);
    const pair = cookie.split(';')[0] as string;
    expect((await page(sim, '/events', { cookie: pair })).status).toBe(200);
    // The cookie works for the JSON control plane too (the inspector's snapshot download, for one).
    expect((await sim.app.request('/__mock/clock', { headers: { cookie: pair } })).status).toBe(200);
    expect((await page(sim, '/events', { cookie: `${ADMIN_COOKIE}=forged` })).status).toBe(401);
  });

  it('still serves its stylesheet without the token (the sign-in page uses it)', async () => {
    const sim = makeSim({ adminToken: ADMIN });
    expect((await page(sim, '/style.css')).status).toBe(200);
  });
});

describe('inspector actions', () => {
  it('activates a pending subscription through the control plane and comes back with a notice', async () => {
    const sim = makeSim({ activationMode: 'manual' });
    const sub = await guideSubscription(sim);
    const back = `${UI}/projects/${PROJECT}`;
    const res = await act(sim, 'activate', { project: PROJECT, subscription: sub.id, back });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(new RegExp(`^${back}\\?notice=`));
    expect((await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body.status).toBe('active');
  });

  it('advances, sets and freezes the clock, running what falls due (a renewal)', async () => {
    const sim = makeSim({ activationMode: 'immediate' });
    const sub = await guideSubscription(sim);
    await act(sim, 'clock', { advance: '31d', back: `${UI}/time` });
    const events = sim.events.list({ limit: 50 }, { type: 'com.gigs.subscription.renewed' });
    expect(events.items.map((e) => (e.data as { id: string }).id)).toContain(sub.id);
    await act(sim, 'clock', { frozen: 'true' });
    expect(sim.clock.frozen).toBe(true);
    await act(sim, 'clock', { set: '2030-01-01T00:00:00Z' });
    expect(sim.clock.nowIso()).toBe('2030-01-01T00:00:00Z');
  });

  it('shows a bad duration as the Gigs error on the page (422), and changes nothing', async () => {
    const sim = makeSim();
    const before = sim.clock.nowIso();
    const res = await act(sim, 'clock', { advance: 'soon', back: `${UI}/time` });
    expect(res.status).toBe(422);
    expect(res.html).toContain('must be a duration');
    expect(res.html).toContain(`href="${UI}/time"`);
    expect(sim.clock.nowIso()).toBe(before);
  });

  it('adds a fault rule from the form fields, and the next API call fails with it', async () => {
    const sim = makeSim();
    const res = await act(sim, 'addFault', {
      method: 'POST',
      path: '/users',
      status: '503',
      type: '',
      times: '1',
      back: `${UI}/faults`,
    });
    expect(res.status).toBe(303);
    const failed = await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ object: 'error', type: 'internal', code: 'serviceUnavailable' });
    expect((await call(sim, 'POST', p('/users'), { email: 'a@example.com' })).status).toBe(201);
  });

  it('refuses a fault rule the JSON route refuses, with the same message', async () => {
    const sim = makeSim();
    const form = await act(sim, 'addFault', { status: '200', back: `${UI}/faults` });
    const json = await call(sim, 'POST', '/__mock/faults', { status: 200 }, { authorization: '' });
    expect(form.status).toBe(422);
    expect(json.status).toBe(422);
    expect(form.html).toContain(json.body.message.replaceAll("'", '&#39;'));
    expect(sim.faults.list()).toEqual([]);
  });

  it('injects usage, cancels, resumes and ends a subscription', async () => {
    const sim = makeSim({ activationMode: 'immediate' });
    const sub = await guideSubscription(sim);
    const fields = { project: PROJECT, subscription: sub.id };
    expect((await act(sim, 'usage', { ...fields, dataMb: '5', voiceMin: '1', sms: '2' })).status).toBe(303);
    const usage = await call(sim, 'GET', p(`/subscriptions/${sub.id}/usage`));
    expect(usage.body.items[0]).toMatchObject({ data: 5_000_000, voice: 60, sms: 2 });
    await act(sim, 'cancel', fields);
    expect((await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body.canceledAt).not.toBeNull();
    await act(sim, 'resume', fields);
    expect((await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body.canceledAt).toBeNull();
    await act(sim, 'end', fields);
    expect((await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body.status).toBe('ended');
  });

  it('resets a project and loads a scenario into it', async () => {
    const sim = makeSim();
    await guideUserWithAddress(sim);
    await act(sim, 'loadScenario', { project: PROJECT, scenario: 'populated' });
    expect(sim.store.project(PROJECT).users.size).toBe(250);
    await act(sim, 'reset', { project: PROJECT });
    expect(sim.store.project(PROJECT).users.size).toBe(0);
    const bad = await act(sim, 'loadScenario', { project: PROJECT, scenario: 'nope' });
    expect(bad.status).toBe(404);
  });

  it('completes and declines portings as the donor', async () => {
    const sim = makeSim({ scenario: 'populated' });
    sim.store.ensureProject(PROJECT);
    const pending = sim.store.portings.list(PROJECT, { limit: 5 }, { status: ['pending'] }).items;
    expect(pending.length).toBeGreaterThan(0);
    const [first, second] = pending;
    await act(sim, 'completePorting', { project: PROJECT, porting: first?.id as string });
    expect(sim.store.portings.get(PROJECT, first?.id as string).status).toBe('completed');
    if (second) {
      await act(sim, 'declinePorting', { project: PROJECT, porting: second.id, code: 'portingDeclined' });
      expect(sim.store.portings.get(PROJECT, second.id).status).toBe('declined');
    }
  });

  it('downloads a snapshot and restores it from an uploaded file', async () => {
    const sim = makeSim();
    await guideUserWithAddress(sim);
    const download = await sim.app.request(`${UI}/snapshot.json`);
    expect(download.headers.get('content-disposition')).toContain('attachment');
    const snapshot = await download.text();
    await call(sim, 'POST', p('/users'), { email: 'later@example.com' });
    const form = new FormData();
    form.set('snapshot', new File([snapshot], 'snapshot.json', { type: 'application/json' }));
    const res = await sim.app.request(`${UI}/snapshot`, { method: 'POST', body: form });
    expect(res.status).toBe(303);
    expect(sim.store.project(PROJECT).users.size).toBe(1);
    const bad = new FormData();
    bad.set('snapshot', new File(['{"nope":1}'], 'bad.json'));
    const refused = await sim.app.request(`${UI}/snapshot`, { method: 'POST', body: bad });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('class="alert error"');
  });

  it('never redirects to another site', async () => {
    const sim = makeSim();
    for (const back of ['https://evil.example', '//evil.example/__mock/ui', '/__mock/uix']) {
      const res = await act(sim, 'clearFaults', { back });
      expect(res.location).toMatch(/^\/__mock\/ui\?notice=/);
    }
  });

  it('answers an unknown action with a 404 page', async () => {
    const res = await act(makeSim(), 'dropDatabase', {});
    expect(res.status).toBe(404);
    expect(res.html).toContain('class="alert error"');
  });
});

describe('GET /__mock/ui/stream', () => {
  it('says it is ready, then sends a change for each event as it happens', async () => {
    const sim = makeSim();
    const abort = new AbortController();
    const res = await sim.app.request(`${UI}/stream`, { signal: abort.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const next = async () => decoder.decode((await reader.read()).value);
    expect(await next()).toContain('event: ready');
    const { user } = await guideUserWithAddress(sim);
    let seen = '';
    while (!seen.includes('"kind":"event"')) seen += await next();
    expect(seen).toContain('event: change');
    expect(user).toMatch(/^usr_/);
    await reader.cancel();
    abort.abort();
  });

  it('sends a change after an inspector action', async () => {
    const sim = makeSim();
    const res = await sim.app.request(`${UI}/stream`);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await act(sim, 'addFault', { status: '503' });
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('"kind":"action"');
    await reader.cancel();
  });
});

describe('GET /docs', () => {
  it('serves Swagger UI from the package, on /openapi.json, with no CDN', async () => {
    const sim = makeSim();
    const res = await sim.app.request('/docs');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(html).toContain("url: '/openapi.json'");
    expect(html).not.toMatch(/https?:\/\/(?!api\.gigs\.com)[a-z]/i);
    const js = await sim.app.request('/docs/assets/swagger-ui-bundle.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect((await sim.app.request('/docs/assets/swagger-ui.css')).status).toBe(200);
    expect((await sim.app.request('/docs/assets/..%2Fpackage.json')).status).toBe(404);
  });

  it('describes the control plane on /docs/control', async () => {
    const res = await makeSim().app.request('/docs/control');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('/__mock/clock');
    expect(html).toContain('/__mock/ui');
  });
});
