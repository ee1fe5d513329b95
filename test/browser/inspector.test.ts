/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUIDE_ADDRESS } from '../../contracts/lib/guide.js';
import { ManualClock } from '../../src/engine/clock.js';
import { GUIDE_PLAN_ID } from '../../src/scenarios/catalogue.js';
import { type RunningServer, startSimulator } from '../../src/server.js';
import { launchBrowser } from '../support/browser.js';
import { startReceiver } from '../support/receiver.js';

// The inspector in a real Chromium, against a real server: what a developer does with it.
// GIGS_MOCK_SCREENSHOTS=1 also writes docs/inspector-*.png (the README shows them).
const SCREENSHOTS = process.env.GIGS_MOCK_SCREENSHOTS === '1';
const PROJECT = 'demo';
const H = { authorization: 'Bearer dev-token', 'content-type': 'application/json' };

describe('the inspector in Chromium', () => {
  let browser: Browser;
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let ui: string;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/projects/${PROJECT}${path}`, {
      method,
      headers: H,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  /** The guide: a user, an address and a pending eSIM subscription. */
  const guide = async (email: string) => {
    const user = await api('POST', '/users', { email, fullName: 'Jerry Seinfeld' });
    const address = await api('POST', `/users/${user.body.id}/addresses`, GUIDE_ADDRESS);
    const sub = await api('POST', '/subscriptions', {
      plan: GUIDE_PLAN_ID,
      sim: 'auto',
      user: user.body.id,
      userAddress: address.body.id,
    });
    expect(sub.status).toBe(201);
    return { user: user.body.id as string, subscription: sub.body.id as string };
  };

  const open = async (path: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Fail fast: every wait below is for a DOM condition, never for time.
    page.setDefaultTimeout(8_000);
    await page.goto(`${ui}${path}`);
    await page.locator('html[data-live="on"]').waitFor({ state: 'attached' });
    return page;
  };

  const shoot = async (page: Page, name: string) => {
    if (!SCREENSHOTS) return;
    mkdirSync('docs', { recursive: true });
    await page.screenshot({ path: `docs/inspector-${name}.png`, fullPage: true });
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    // Manual activation: the subscription waits for the button. A manual clock: time moves only when told.
    server = await startSimulator({
      clock: new ManualClock(),
      seed: 'inspector',
      activationMode: 'manual',
      webhookUrls: [receiver.url],
    });
    ui = `${server.url}/__mock/ui`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await receiver?.close();
  });

  it('finds a subscription made through the API, activates it without a reload, and shows its SIM and QR code', async () => {
    const { subscription } = await guide('jerry@example.com');
    const page = await open(`/projects/${PROJECT}`);
    await page.locator('input[name="q"]').fill('jerry@example.com');
    await page.getByRole('button', { name: 'Search' }).click();
    const card = page.locator(`[data-subscription="${subscription}"]`);
    await card.locator('.status-pending').waitFor();
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await card.getByRole('button', { name: 'Activate' }).click();
    await page.locator(`[data-subscription="${subscription}"] .status-active`).first().waitFor();
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await page.getByRole('status').filter({ hasText: 'is active' }).waitFor();
    const qr = page.locator('img.qr');
    await qr.waitFor();
    await page.waitForFunction(() => ((document.querySelector('img.qr') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
    expect(await qr.getAttribute('src')).toMatch(/^\/qr\/.+\.png$/);
    await shoot(page, 'user');
    await page.close();
  });

  it('advances the clock from the Time page and the open event log shows the renewal, live', async () => {
    const events = await open('/events');
    await events.locator('[data-event-type="com.gigs.subscription.activated"]').first().waitFor();
    const time = await open('/time');
    await time.getByRole('button', { name: '+31d' }).click();
    await time.getByRole('status').filter({ hasText: 'The simulated time is' }).waitFor();
    await events.locator('[data-event-type="com.gigs.subscription.renewed"]').first().waitFor();
    await events.locator('[data-event-type="com.gigs.subscription.renewed"] summary').first().click();
    await events.locator('pre.json', { hasText: '"type": "com.gigs.subscription.renewed"' }).first().waitFor();
    await shoot(events, 'events');
    await shoot(time, 'time');
    await time.close();
    await events.close();
  });

  it('shows a bad duration as the Gigs error on the page', async () => {
    const time = await open('/time');
    await time.getByLabel('Advance by').fill('soon');
    await time.getByRole('button', { name: 'Advance', exact: true }).click();
    await time.getByRole('alert').filter({ hasText: 'must be a duration' }).waitFor();
    await time.close();
  });

  it('watches a webhook delivery appear and succeed', async () => {
    const page = await open('/webhooks');
    const { subscription } = await guide('elaine@example.com');
    const created = (await fetch(`${server.url}/__mock/events?type=com.gigs.subscription.created&limit=1`).then((r) =>
      r.json(),
    )) as {
      items: { id: string; data: { id: string } }[];
    };
    const event = created.items[0];
    expect(event?.data.id).toBe(subscription);
    await page.locator(`tr[data-event="${event?.id}"] .status-succeeded`).waitFor();
    await receiver.waitFor(1);
    await shoot(page, 'webhooks');
    await page.close();
  });

  it('adds a fault rule with the form and the next API call fails with it', async () => {
    const page = await open('/faults');
    await page.getByLabel('Method').selectOption('POST');
    await page.getByLabel('Path').fill('/users');
    await page.getByLabel('Status').fill('503');
    await page.getByLabel('Times').fill('1');
    await page.getByRole('button', { name: 'Add fault rule' }).click();
    await page.locator('tr[data-fault]').first().waitFor();
    const failed = await api('POST', '/users', { email: 'george@example.com' });
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ object: 'error', code: 'serviceUnavailable' });
    await shoot(page, 'faults');
    // The rule fired once and is spent: the page says so without a reload.
    await page.getByText('No fault rules').waitFor();
    await page.close();
  });

  it('shows the request log, live, and a request on a click', async () => {
    const page = await open('/requests');
    await api('GET', '/plans?limit=1');
    const entry = page.locator('ol.log li', { hasText: '/projects/demo/plans' }).first();
    await entry.waitFor();
    await entry.locator('summary').click();
    await entry.locator('pre.json', { hasText: '"status": 200' }).waitFor();
    await shoot(page, 'requests');
    await page.close();
  });
});
