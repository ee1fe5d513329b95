import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it when missing), or the one
 * GIGS_MOCK_CHROMIUM names. Playwright's own browser download does not work here: never run
 * `npx playwright install`.
 */
export function chromiumPath(): string {
  const candidates = [process.env.GIGS_MOCK_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path));
  if (found === undefined)
    throw new Error('The browser tests need Chromium: `apt-get install -y chromium`, or set GIGS_MOCK_CHROMIUM to its path.');
  return found;
}

/**
 * A headless Chromium. The flags keep it off the network: this machine's network is closed, and
 * without them Chromium opens (refused) connections of its own at start.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Serves a small app (a page under test, a partner's callback page) on a free loopback port. */
export async function serveOnFreePort(app: Hono): Promise<{ url: string; close: () => void }> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no port');
  return { url: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}
