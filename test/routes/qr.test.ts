import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { Messages } from '../../src/store/errors.js';
import { call, GUIDE_PLAN_ID, guideUserWithAddress, makeSim, p } from '../helpers.js';

// jsqr is CommonJS typed with an ES default export: under NodeNext the function is on `.default`.
const jsQR = jsqr.default;

/** The credentials of a freshly activated eSIM of the guide's user. */
async function credentials(sim: Simulator) {
  const { user, address } = await guideUserWithAddress(sim);
  const sub = await call(
    sim,
    'POST',
    p('/subscriptions'),
    { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address },
    { 'x-gigs-mock-activation': 'immediate' },
  );
  return (await call(sim, 'GET', p(`/sims/${sub.body.sim.id}/credentials`))).body;
}

/** Fetches a URL's path in-process, with no Authorization header. */
const fetchPath = (sim: Simulator, url: string) => sim.app.request(new URL(url).pathname);

function decodeQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

describe('GET /qr/{token}.png', () => {
  it('answers a hot token from the cache with the same decodable image', async () => {
    const sim = makeSim();
    const { qrCodeUrl, activationCode } = await credentials(sim);
    const first = Buffer.from(await (await fetchPath(sim, qrCodeUrl)).arrayBuffer());
    const second = Buffer.from(await (await fetchPath(sim, qrCodeUrl)).arrayBuffer());
    expect(second.equals(first)).toBe(true);
    expect(decodeQr(second)).toBe(activationCode);
    expect(sim.qrCache.renders).toBe(1);
  });

  it('serves a PNG whose QR code encodes exactly the activation code', async () => {
    const sim = makeSim();
    const { qrCodeUrl, activationCode } = await credentials(sim);
    const res = await fetchPath(sim, qrCodeUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(decodeQr(Buffer.from(await res.arrayBuffer()))).toBe(activationCode);
  });

  it('needs no Authorization header', async () => {
    const sim = makeSim();
    const { qrCodeUrl } = await credentials(sim);
    const res = await sim.app.request(new URL(qrCodeUrl).pathname, { headers: {} });
    expect(res.status).toBe(200);
  });

  it('puts at least 128 random bits in the URL (22 or more base64url characters)', async () => {
    const sim = makeSim();
    const { qrCodeUrl } = await credentials(sim);
    const token = /\/qr\/([^/]+)\.png$/.exec(qrCodeUrl)?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  });

  it('does not derive the token from the seed: two simulators with one seed get different URLs', async () => {
    const [a, b] = [makeSim(), makeSim()];
    const [ca, cb] = [await credentials(a), await credentials(b)];
    expect(ca.activationCode).toBe(cb.activationCode);
    expect(ca.qrCodeUrl).not.toBe(cb.qrCodeUrl);
  });

  it('returns 404 with a Gigs error body for an unknown token', async () => {
    const sim = makeSim();
    const res = await sim.app.request('/qr/AAAAAAAAAAAAAAAAAAAAAAAA.png');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ object: 'error', type: 'notFound', message: Messages.notFound('QR code') });
  });

  it('returns 404 for the token of another simulator', async () => {
    const [a, b] = [makeSim(), makeSim()];
    const { qrCodeUrl } = await credentials(a);
    const res = await fetchPath(b, qrCodeUrl);
    expect(res.status).toBe(404);
    const body: any = await res.json();
    expect(body.type).toBe('notFound');
  });

  it('returns 404 for a token without the .png extension', async () => {
    const sim = makeSim();
    const { qrCodeUrl } = await credentials(sim);
    const res = await sim.app.request(new URL(qrCodeUrl).pathname.replace(/\.png$/, ''));
    expect(res.status).toBe(404);
  });
});
