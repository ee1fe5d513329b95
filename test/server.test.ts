import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/engine/clock.js';
import { type RunningServer, startSimulator } from '../src/server.js';
import { Messages } from '../src/store/errors.js';
import { GUIDE_ADDRESS, GUIDE_PLAN_ID } from './helpers.js';

const AUTH = { Authorization: 'Bearer test-token' };

let running: RunningServer[] = [];

async function start(options: Parameters<typeof startSimulator>[0] = {}): Promise<RunningServer> {
  const server = await startSimulator({ clock: new ManualClock(), seed: 'e2e', ...options });
  running.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(running.map((server) => server.close()));
  running = [];
});

describe('simulator over HTTP', () => {
  it('listens on a free loopback port', async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('creates the guide user and address and reads them back', async () => {
    const server = await start();
    const user = await request(server.url)
      .post('/projects/demo/users')
      .set(AUTH)
      .send({ email: 'jerry@example.com', fullName: 'Jerry Seinfeld' });
    expect(user.status).toBe(201);
    expect(user.headers['content-type']).toMatch(/^application\/json/);
    const address = await request(server.url)
      .post(`/projects/demo/users/${user.body.id}/addresses`)
      .set(AUTH)
      .send(GUIDE_ADDRESS);
    expect(address.status).toBe(201);
    expect(address.body).toMatchObject({ object: 'userAddress', user: user.body.id, ...GUIDE_ADDRESS });
    const fetched = await request(server.url).get(`/projects/demo/users/${user.body.id}`).set(AUTH);
    expect(fetched.body).toEqual(user.body);
  });

  it('lists the eSIM plans with the guide plan first', async () => {
    const server = await start();
    const res = await request(server.url).get('/projects/demo/plans?simType=eSIM').set(AUTH);
    expect(res.status).toBe(200);
    expect(res.body.items[0].id).toBe(GUIDE_PLAN_ID);
  });

  it('returns 401 with the Gigs error body without a token', async () => {
    const server = await start();
    const res = await request(server.url).get('/projects/demo/users');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ object: 'error', type: 'unauthenticated', message: 'Invalid authorization token' });
  });

  it('returns 400 malformed for invalid JSON sent over a socket', async () => {
    const server = await start();
    const res = await request(server.url)
      .post('/projects/demo/users')
      .set(AUTH)
      .set('Content-Type', 'application/json')
      .send('{"email":');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ object: 'error', type: 'malformed', message: Messages.malformedJson });
  });

  it('returns 413 with a Gigs error body for a body over 1 MB', async () => {
    const server = await start();
    const res = await request(server.url)
      .post('/projects/demo/users')
      .set(AUTH)
      .send({ email: 'a@example.com', fullName: 'x'.repeat(1024 * 1024 + 1) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ object: 'error', type: 'malformed', message: Messages.bodyTooLarge });
  });

  it('returns 403 for a key of another project in strict mode', async () => {
    const server = await start({ apiKeys: ['p1:k1', 'p2:k2'] });
    const res = await request(server.url).get('/projects/p2/users').set('Authorization', 'Bearer k1');
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('permissionDenied');
  });

  it('takes createdAt from the injected clock', async () => {
    const server = await start();
    server.sim.clock.advance(60_000);
    const res = await request(server.url).post('/projects/demo/users').set(AUTH).send({ email: 'a@example.com' });
    expect(res.body.createdAt).toBe('2026-01-01T00:01:00Z');
  });

  it('serves the OpenAPI document', async () => {
    const server = await start();
    const res = await request(server.url).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.openapi).toBe('3.1.0');
  });

  it('stops accepting connections after close', async () => {
    const server = await start();
    await server.close();
    await expect(request(server.url).get('/openapi.json')).rejects.toThrow();
  });
});
