import { describe, expect, it } from 'vitest';
import { startSimulator } from '../src/server.js';
import { makeSim, p } from './helpers.js';

const TRAVEL_PLAN = 'pln_0SNlurA049MEWV3eTravelEuTest';
const AUTH = { authorization: 'Bearer t' };

/** An active eSIM subscription's credentials, through whatever `request` reaches. */
async function credentials(request: (path: string, init?: RequestInit) => Response | Promise<Response>): Promise<any> {
  const json = { ...AUTH, 'content-type': 'application/json' };
  const user: any = await (
    await request(p('/users'), { method: 'POST', headers: json, body: '{"email":"jerry@example.com"}' })
  ).json();
  const body = JSON.stringify({ plan: TRAVEL_PLAN, sim: 'auto', user: user.id });
  const sub: any = await (
    await request(p('/subscriptions'), { method: 'POST', headers: { ...json, 'x-gigs-mock-activation': 'immediate' }, body })
  ).json();
  return (await request(p(`/sims/${sub.sim.id}/credentials`), { headers: AUTH })).json();
}

/** Issue 14, point 9: a QR code link that works wherever the simulator runs. */
describe('in-process QR codes', () => {
  it("puts startSimulator's own URL in qrCodeUrl, so the link works as it is", async () => {
    await using server = await startSimulator({ seed: 'qr' });
    const creds = await credentials((path, init) => fetch(`${server.url}${path}`, init));
    expect(creds.qrCodeUrl.startsWith(`${server.url}/qr/`)).toBe(true);
    const png = await fetch(creds.qrCodeUrl);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
  });

  it('keeps an explicit publicUrl given to startSimulator', async () => {
    await using server = await startSimulator({ publicUrl: 'https://mock.example.test/' });
    const creds = await credentials((path, init) => fetch(`${server.url}${path}`, init));
    expect(creds.qrCodeUrl).toMatch(/^https:\/\/mock\.example\.test\/qr\/[\w-]+\.png$/);
  });

  it('listens on the port and host startSimulator is given', async () => {
    const probe = await startSimulator();
    const { port } = probe;
    await probe.close();
    await using server = await startSimulator({ port, host: '127.0.0.1' });
    expect(server.url).toBe(`http://127.0.0.1:${port}`);
  });

  it('serves the QR code of createSimulator({ publicUrl }) from the app itself, by the path of qrCodeUrl', async () => {
    const sim = makeSim({ publicUrl: 'http://my-app.test:8080' });
    const creds = await credentials((path, init) => sim.app.request(path, init));
    expect(creds.qrCodeUrl).toMatch(/^http:\/\/my-app\.test:8080\/qr\//);
    const png = await sim.app.request(new URL(creds.qrCodeUrl).pathname);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
  });
});
