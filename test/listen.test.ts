import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.js';
import { ListenMessages, MAX_DELIVERY_BYTES, type RunningReceiver, startReceiver } from '../src/listen.js';
import { listenOptionsTable, loadListenConfig } from '../src/listen-config.js';
import type { GigsError } from '../src/types.js';
import { call, makeSim, p } from './helpers.js';
import { startReceiver as startPlainReceiver } from './support/receiver.js';

const SECRET = 'whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3';
const OTHER = 'whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldA==';
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const closers: (() => Promise<void>)[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

async function receiver(options: { forwardTo?: string; secret?: string } = {}) {
  const lines: string[] = [];
  const r = await startReceiver({
    secret: options.secret ?? SECRET,
    forwardTo: options.forwardTo,
    port: 0,
    log: (l) => lines.push(l),
  });
  closers.push(r.close);
  return { ...r, lines };
}

/** A delivery signed as the simulator signs them. */
function signed(body: string, secret = SECRET, id = 'msg_test') {
  const at = new Date();
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

/** A user and a pending eSIM subscription: the guide's events, on every event configuration. */
async function subscribe(sim: ReturnType<typeof makeSim>) {
  const user = await call(sim, 'POST', p('/users'), { email: 'jerry@example.com', fullName: 'Jerry Seinfeld' });
  const sub = await call(sim, 'POST', p('/subscriptions'), {
    plan: 'pln_0SNlurA049MEWV3eTravelEuTest',
    sim: 'auto',
    user: user.body.id,
  });
  return { user: user.body.id as string, subscription: sub.body.id as string };
}

const post = (r: RunningReceiver, body: string, headers: Record<string, string>) =>
  fetch(`${r.url}/hooks`, { method: 'POST', headers, body });

describe('gigs-mock listen (receiver)', () => {
  it("verifies the simulator's deliveries and prints one line per event with its type, id, subscription and user", async () => {
    const r = await receiver();
    const sim = makeSim({ webhookUrls: [`${r.url}/hooks`], webhookSecret: SECRET });
    const { user, subscription } = await subscribe(sim);
    await sim.webhooks.idle();
    const created = r.lines.filter((l) => l.includes('com.gigs.subscription.created'));
    expect(created).toEqual([
      expect.stringMatching(
        new RegExp(`^verified com\\.gigs\\.subscription\\.created evt_\\w+ subscription=${subscription} user=${user} -> 204$`),
      ),
    ]);
    for (const line of r.lines) expect(line).toMatch(/^verified .* -> 204$/);
    const deliveries = await call(sim, 'GET', '/__mock/webhooks/deliveries');
    expect(deliveries.body.items.length).toBe(r.lines.length);
    for (const d of deliveries.body.items) expect(d).toMatchObject({ status: 'succeeded' });
  });

  it('answers 401 unauthenticated and prints the reason for a delivery signed with another secret', async () => {
    const r = await receiver();
    const body = JSON.stringify({
      object: 'event',
      id: 'evt_1',
      type: 'com.gigs.user.created',
      data: { object: 'user', id: 'usr_1' },
    });
    const res = await post(r, body, signed(body, OTHER));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      object: 'error',
      type: 'unauthenticated',
      message: expect.stringContaining('signature'),
    });
    expect(r.lines).toEqual([
      expect.stringMatching(/^REJECTED com\.gigs\.user\.created evt_1 user=usr_1: no matching signature .* -> 401$/),
    ]);
  });

  it('prints what an unverified delivery claims on one line, control characters escaped', async () => {
    const r = await receiver();
    const forged = JSON.stringify({ type: 'x\nverified com.gigs.user.created evt_1 -> 204', id: '\u001b[2Jevt' });
    await post(r, forged, signed(forged, OTHER));
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]?.includes('\n') || r.lines[0]?.includes('\u001b')).toBe(false);
    expect(r.lines[0]).toMatch(
      /^REJECTED x\\u000averified com\.gigs\.user\.created evt_1 -> 204 \\u001b\[2Jevt: no matching signature/,
    );
  });

  it('answers 401 naming the headers when a delivery carries no signature headers', async () => {
    const r = await receiver();
    const res = await post(r, '{}', { 'content-type': 'application/json' });
    expect(res.status).toBe(401);
    expect(r.lines[0]).toContain('missing webhook-id, webhook-timestamp or webhook-signature header');
  });

  it('answers 401 for a signature older than five minutes', async () => {
    const r = await receiver();
    const body = '{"type":"com.gigs.user.created"}';
    const old = new Date(Date.now() - 10 * 60_000);
    const res = await post(r, body, {
      'webhook-id': 'msg_old',
      'webhook-timestamp': String(Math.floor(old.getTime() / 1000)),
      'webhook-signature': new Webhook(SECRET).sign('msg_old', old, body),
    });
    expect(res.status).toBe(401);
    expect(r.lines[0]).toMatch(/timestamp too old/);
  });

  it('answers 400 malformed for a correctly signed body that is not JSON', async () => {
    const r = await receiver();
    const res = await post(r, 'not json', signed('not json'));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ object: 'error', type: 'malformed', message: ListenMessages.notJson });
  });

  it('refuses a delivery over 1 MB with 413 without reading it all', async () => {
    const r = await receiver();
    const res = await post(r, 'x'.repeat(MAX_DELIVERY_BYTES + 1), { 'content-type': 'application/json' });
    expect(res.status).toBe(413);
    expect(((await res.json()) as GigsError).message).toBe(ListenMessages.tooLarge);
  });

  it('answers 405 to methods other than POST and GET, and GET with its counts', async () => {
    const r = await receiver();
    const put = await fetch(`${r.url}/hooks`, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST, GET');
    const body = '{"type":"com.gigs.user.created","id":"evt_1"}';
    await post(r, body, signed(body));
    const get = await fetch(r.url);
    expect(await get.json()).toEqual({ status: 'ok', received: 1, verified: 1 });
  });

  it('forwards a verified delivery with its headers untouched and answers with the status of the forward target', async () => {
    const app = await startPlainReceiver(() => 500);
    closers.push(app.close);
    const r = await receiver({ forwardTo: app.url });
    const body = '{"type":"com.gigs.user.created","id":"evt_1","data":{"object":"user","id":"usr_1"}}';
    const headers = signed(body);
    const res = await post(r, body, headers);
    expect(res.status).toBe(500);
    expect(app.received).toHaveLength(1);
    const forwarded = app.received[0];
    expect(forwarded?.body).toBe(body);
    // The app verifies the forwarded delivery exactly as it would verify Gigs' own, with Svix.
    expect(() =>
      new SvixWebhook(SECRET).verify(forwarded?.body ?? '', forwarded?.headers as Record<string, string>),
    ).not.toThrow();
    expect(r.lines[0]).toBe(`verified com.gigs.user.created evt_1 user=usr_1 -> 500 (forwarded to ${app.url})`);
  });

  it('does not forward a delivery that fails verification', async () => {
    const app = await startPlainReceiver();
    closers.push(app.close);
    const r = await receiver({ forwardTo: app.url });
    const res = await post(r, '{}', signed('{}', OTHER));
    expect(res.status).toBe(401);
    expect(app.received).toHaveLength(0);
  });

  it('answers 502 internal, naming the URL, when the forward target cannot be reached', async () => {
    const app = await startPlainReceiver();
    const gone = app.url;
    await app.close();
    const r = await receiver({ forwardTo: gone });
    const res = await post(r, '{}', signed('{}'));
    expect(res.status).toBe(502);
    const error = (await res.json()) as GigsError;
    expect(error).toMatchObject({ object: 'error', type: 'internal' });
    expect(error.message).toContain(gone);
    expect(r.lines[0]).toContain('ECONNREFUSED');
  });

  it('answers 500 and keeps serving when handling one delivery fails', async () => {
    let calls = 0;
    const r = await startReceiver({
      secret: SECRET,
      port: 0,
      log: () => {
        calls += 1;
        if (calls === 1) throw new Error('disk full');
      },
    });
    closers.push(r.close);
    const body = '{"type":"com.gigs.user.created","id":"evt_1"}';
    const failed = await post(r, body, signed(body));
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ object: 'error', type: 'internal' });
    expect((await post(r, body, signed(body))).status).toBe(204);
  });

  it('makes the simulator retry a delivery its forward target refused', async () => {
    let failing = true;
    const app = await startPlainReceiver(() => (failing ? 503 : 200));
    closers.push(app.close);
    const r = await receiver({ forwardTo: app.url });
    const sim = makeSim({ webhookUrls: [`${r.url}/hooks`], webhookSecret: SECRET });
    await subscribe(sim);
    await sim.webhooks.idle();
    failing = false;
    await sim.advanceAsync('5s'); // the first retry
    await sim.webhooks.idle();
    const created = r.lines.filter((l) => l.includes('com.gigs.subscription.created'));
    expect(created.map((l) => l.split(' -> ')[1]?.split(' ')[0])).toEqual(['503', '200']);
    const ids = app.received.filter((x) => x.json.type === 'com.gigs.subscription.created').map((x) => x.headers['webhook-id']);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });
});

describe('gigs-mock listen (options)', () => {
  it('requires the secret, naming the flag and the variable', () => {
    expect(() => loadListenConfig({}, [])).toThrow(ConfigError);
    expect(() => loadListenConfig({}, [])).toThrow('--secret (GIGS_MOCK_WEBHOOK_SECRET): is required');
  });

  it('takes flags over the environment', () => {
    const { config } = loadListenConfig({ GIGS_MOCK_WEBHOOK_SECRET: OTHER, GIGS_MOCK_LISTEN_PORT: '5000' }, ['--secret', SECRET]);
    expect(config).toEqual({ port: 5000, host: '127.0.0.1', secret: SECRET, forwardTo: undefined });
  });

  it('refuses a bad port, secret or forward URL with one line naming the flag', () => {
    expect(() => loadListenConfig({}, ['--secret', SECRET, '--port', 'x'])).toThrow('listen --port');
    expect(() => loadListenConfig({}, ['--secret', 'nope'])).toThrow('listen --secret');
    expect(() => loadListenConfig({}, ['--secret', SECRET, '--forward-to', 'localhost:3000'])).toThrow('listen --forward-to');
  });

  it('suggests the nearest flag for a typo', () => {
    expect(() => loadListenConfig({}, ['--secrt', SECRET])).toThrow('unknown option --secrt; did you mean --secret?');
  });

  it('is documented in the README exactly as described here', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(listenOptionsTable());
  });
});

describe('gigs-mock listen (the built CLI)', () => {
  it('starts, prints a verified line for a signed delivery, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, 'listen', '--port', '0', '--secret', SECRET], {
      env: { PATH: process.env.PATH ?? '' },
    });
    children.push(child);
    let out = '';
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /receiving webhooks on (http:\/\/\S+)/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    const body = '{"type":"com.gigs.subscription.activated","id":"evt_9","data":{"object":"subscription","id":"sub_9"}}';
    const res = await fetch(`${url}/hooks`, { method: 'POST', headers: signed(body), body });
    expect(res.status).toBe(204);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(out).toContain('verified com.gigs.subscription.activated evt_9 subscription=sub_9 -> 204');
  });
});
