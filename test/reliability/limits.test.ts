import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startSimulator } from '../../src/server.js';
import { Messages } from '../../src/store/errors.js';
import { call, makeSim, p, TOKEN } from '../helpers.js';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Sends a raw request and reads the whole answer, whatever the server does with the connection. */
function raw(url: string, method: string, path: string, body: Buffer, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(
      `${url}${path}`,
      { method, headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('request limits on a listening server', () => {
  it('answers a body over 1 MB with 413 and a Gigs error, and keeps serving', async () => {
    server = await startSimulator({ seed: 'limits' });
    const big = Buffer.from(JSON.stringify({ email: 'a@example.com', fullName: 'x'.repeat(1_100_000) }));
    const res = await raw(server.url, 'POST', p('/users'), big, {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ object: 'error', type: 'malformed', message: Messages.bodyTooLarge });
    const after = await fetch(`${server.url}/__mock/health`);
    expect(after.status).toBe(200);
    const users = await fetch(`${server.url}${p('/users')}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(((await users.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('answers a body just under 1 MB normally (422 for the too-long name, not 413)', async () => {
    server = await startSimulator({ seed: 'limits' });
    const body = Buffer.from(JSON.stringify({ email: 'a@example.com', fullName: 'x'.repeat(1_000_000) }));
    const res = await raw(server.url, 'POST', p('/users'), body, {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
    });
    expect(res.status).toBe(422);
  });
});

describe('hostile query values', () => {
  it.each(['1e9', '-1', '1.5', '201', '0x10', ' 5', ''])('answers limit=%s with 422', async (limit) => {
    const res = await call(makeSim(), 'GET', p(`/users?limit=${encodeURIComponent(limit)}`));
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('limit');
  });

  it('answers a JSON route sent as text/plain with 415 and a Gigs error', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), '{"email":"a@example.com"}', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ object: 'error', type: 'malformed' });
  });

  it('answers form-encoded bodies with 415', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), 'email=a%40example.com', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
  });
});

describe('requests the HTTP parser refuses', () => {
  const send = (url: string, text: string) =>
    new Promise<string>((resolve, reject) => {
      const { hostname, port } = new URL(url);
      const socket = connect(Number(port), hostname, () => socket.write(text));
      let data = '';
      socket.on('data', (c: Buffer) => {
        data += c.toString();
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });

  it('answers an unknown method with 400 and a Gigs error body', async () => {
    server = await startSimulator({ seed: 'limits' });
    const answer = await send(server.url, 'FOO /projects/p/users HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ object: 'error', type: 'malformed' });
  });

  it('answers headers over 16 KB with 431 and a Gigs error body', async () => {
    server = await startSimulator({ seed: 'limits' });
    const answer = await send(server.url, `GET /projects/p/users HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).object).toBe('error');
  });
});
