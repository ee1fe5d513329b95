import { Hono } from 'hono';
import type { AppEnv } from '../http/router.js';
import { notFound } from '../store/errors.js';

/**
 * Public QR code images (no auth, like files.gigs.com): `GET /qr/<token>.png` renders the SIM's
 * activation code as a real PNG QR code. The token is 144 random bits, so it cannot be guessed.
 */
export const qrRouter = new Hono<AppEnv>().get('/qr/:file{[A-Za-z0-9_-]+\\.png}', async (c) => {
  const token = c.req.param('file').replace(/\.png$/, '');
  const code = c.get('sim').store.sims.activationCodeForToken(token);
  if (code === undefined) throw notFound('QR code');
  const png = await c.get('sim').qrCache.png(code);
  return c.body(png, 200, { 'content-type': 'image/png', 'cache-control': 'private, max-age=300' });
});
