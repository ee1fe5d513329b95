import { existsSync } from 'node:fs';
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
