/// <reference lib="dom" />
import { Hono } from 'hono';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import { type RunningServer, startSimulator } from '../../src/server.js';
import type { Simulator } from '../../src/simulator.js';
import { GUIDE_PLAN_ID, PROJECT, TOKEN } from '../helpers.js';
import { launchBrowser, serveOnFreePort } from '../support/browser.js';

/**
 * The simulated Connect in a real headless Chromium (Debian's), against a real server: a partner
 * creates a session through the API, the user clicks and types through Connect's pages, and lands
 * on the partner's callbackUrl. GIGS_MOCK_SCREENSHOTS=1 also writes each flow's pages to docs/.
 */
const SHOTS = process.env.GIGS_MOCK_SCREENSHOTS === '1';

let browser: Browser;
let server: RunningServer;
let sim: Simulator;
let partner: string;
let closePartner: () => void;

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${server.url}/projects/${PROJECT}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}

async function newUser(email: string): Promise<string> {
  return (await api('POST', '/users', { email, fullName: 'Jerry Seinfeld' })).id;
}

async function session(body: Record<string, unknown>): Promise<{ id: string; url: string }> {
  return api('POST', '/connectSessions', { callbackUrl: `${partner}/done`, ...body });
}

/** A page whose waits fail within 5 s, with the locator that did not match, well before the test's own timeout. */
async function open(): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(5_000);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `docs/connect-${name}.png`, fullPage: true });
}

const ADDRESS = { line1: '129 West 81st Street', city: 'New York', state: 'NY', postalCode: '10024', country: 'US' };

async function fillAddress(page: Page): Promise<void> {
  await page.getByLabel('Address line 1').fill(ADDRESS.line1);
  await page.getByLabel('City').fill(ADDRESS.city);
  await page.getByLabel('State or region').fill(ADDRESS.state);
  await page.getByLabel('Postal code').fill(ADDRESS.postalCode);
  await page.getByLabel('Country').fill(ADDRESS.country);
}

async function fillCard(page: Page, number: string): Promise<void> {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiry (MM/YY)').fill('12/30');
  await page.getByLabel('Security code').fill('123');
}

beforeAll(async () => {
  server = await startSimulator({ clock: new ManualClock(), seed: 'browser', port: 0, host: '127.0.0.1' });
  sim = server.sim;
  // The partner's app: the page Connect's Continue comes back to.
  const app = new Hono();
  app.get('/done', (c) => c.html('<!doctype html><title>Partner app</title><h1>Welcome back</h1>'));
  ({ url: partner, close: closePartner } = await serveOnFreePort(app));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  closePartner?.();
});

beforeEach(() => sim.reset());

describe('the simulated Connect in Chromium', () => {
  it('checks out by clicks and typing: plan, address, test card, eSIM, Continue to the callbackUrl; active after the clock moves', async () => {
    const user = await newUser('jerry@example.com');
    const { url } = await session({
      intent: { type: 'checkoutNewSubscription', checkoutNewSubscription: { plan: GUIDE_PLAN_ID } },
      user,
    });
    const page = await open();
    await page.goto(url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Checkout');
    expect(await page.getByRole('note').textContent()).toContain('Simulated Gigs Connect');
    expect(await page.getByText('Gigs Global').count()).toBeGreaterThan(0);
    expect(await page.getByLabel(/A new eSIM/).isChecked()).toBe(true);
    await fillAddress(page);
    await shot(page, '1-checkout');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.getByRole('heading', { name: 'Payment' }).waitFor();
    await fillCard(page, '4242 4242 4242 4242');
    await shot(page, '2-payment');
    // The keyboard submits as well as the mouse.
    await page.getByLabel('Security code').press('Enter');
    await page.getByRole('heading', { name: 'Your subscription is on its way' }).waitFor();
    const [subscription] = (await api('GET', `/subscriptions?user=${user}`)).items;
    expect(subscription).toMatchObject({ status: 'pending', plan: { id: GUIDE_PLAN_ID } });
    expect(subscription.userAddress).not.toBeNull();
    expect(await page.locator('#esim-pending').count()).toBe(1);
    // The subscription activates on the simulated clock; the page then shows its eSIM.
    sim.advance('5s');
    await page.reload();
    const qr = page.getByRole('img', { name: /QR code/ });
    // The QR code is the PNG the API's credentials link to, loaded for real.
    await expect.poll(() => qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(20);
    expect(await page.locator('#activation-code').textContent()).toMatch(/^LPA:1\$/);
    expect(await page.getByRole('link', { name: 'Install on iPhone' }).getAttribute('href')).toMatch(
      /^https:\/\/esimsetup\.apple\.com\//,
    );
    await shot(page, '3-done');
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.waitForURL(`${partner}/done`);
    expect(await page.getByRole('heading').textContent()).toBe('Welcome back');
    expect((await api('GET', `/subscriptions/${subscription.id}`)).status).toBe('active');
    await page.close();
  });

  it('shows a declined test card\u2019s error, keeps what was typed, and creates nothing', async () => {
    const user = await newUser('jerry@example.com');
    const { url } = await session({
      intent: { type: 'checkoutNewSubscription', checkoutNewSubscription: { plan: GUIDE_PLAN_ID } },
      user,
      appearance: { theme: 'dark' },
    });
    const page = await open();
    await page.goto(url);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await fillAddress(page);
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await fillCard(page, '4000000000000002');
    await page.getByRole('button', { name: /^Pay/ }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The card was declined.');
    expect(await page.getByLabel('Card number').inputValue()).toBe('4000000000000002');
    await shot(page, '4-declined');
    expect((await api('GET', `/subscriptions?user=${user}`)).items).toEqual([]);
    expect((await api('GET', `/users/${user}/addresses`)).items).toEqual([]);
    // The same page then takes the card that succeeds.
    await fillCard(page, '4242424242424242');
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.getByRole('heading', { name: 'Your subscription is on its way' }).waitFor();
    expect((await api('GET', `/subscriptions?user=${user}`)).items).toHaveLength(1);
    await page.close();
  });

  it('cancels a subscription: canceledAt is set and the page says so', async () => {
    const user = await newUser('jerry@example.com');
    const address = (await api('POST', `/users/${user}/addresses`, ADDRESS)).id;
    const sub = await api('POST', '/subscriptions', { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address });
    sim.advance('5s');
    const { url } = await session({ intent: { type: 'cancelSubscription', cancelSubscription: { subscription: sub.id } }, user });
    const page = await open();
    await page.goto(url);
    await page.getByLabel(/Why are you canceling/).selectOption('tooExpensive');
    await shot(page, '5-cancel');
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    await page.getByRole('heading', { name: 'Your subscription is canceled' }).waitFor();
    const after = await api('GET', `/subscriptions/${sub.id}`);
    expect(after.canceledAt).not.toBeNull();
    expect(after.cancellationDetails).toMatchObject({ userReason: 'tooExpensive' });
    await page.close();
  });

  it('completes a porting: the form asks for the required fields and PATCHes the porting', async () => {
    const user = await newUser('jerry@example.com');
    const address = (await api('POST', `/users/${user}/addresses`, ADDRESS)).id;
    const porting = await api('POST', '/portings', { phoneNumber: '+12125550123', provider: 'p9', user });
    const sub = await api('POST', '/subscriptions', {
      plan: GUIDE_PLAN_ID,
      user,
      sim: 'auto',
      userAddress: address,
      porting: porting.id,
    });
    // Without the donor's details, the porting waits for them.
    expect(sub.porting).toMatchObject({
      status: 'informationRequired',
      required: expect.arrayContaining(['accountNumber', 'address']),
    });
    const { url } = await session({ intent: { type: 'completePorting', completePorting: { subscription: sub.id } }, user });
    const page = await open();
    await page.goto(url);
    await page.getByRole('heading', { name: 'Bring your number' }).waitFor();
    await page.getByLabel('First name of the account holder').fill('Jerry');
    await page.getByLabel('Last name of the account holder').fill('Seinfeld');
    await page.getByLabel('Account number at your current carrier').fill('ACC-1234');
    await page.getByLabel('Account PIN').fill('9876');
    await page.getByLabel('Current carrier', { exact: true }).selectOption({ index: 1 });
    await fillAddress(page);
    await shot(page, '6-porting');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Your number details are sent' }).waitFor();
    const after = await api('GET', `/portings/${porting.id}`);
    expect(after).toMatchObject({ accountNumber: 'ACC-1234', accountPinExists: true, firstName: 'Jerry', lastName: 'Seinfeld' });
    expect(after.donorProvider).not.toBeNull();
    expect(after.required).toEqual([]);
    expect(JSON.stringify(after)).not.toContain('9876');
    await page.close();
  });

  it('shows an error page, never a stack trace, for a used, an expired or a made-up link', async () => {
    const user = await newUser('jerry@example.com');
    const first = await session({ intent: { type: 'viewSubscriptions' }, user });
    const page = await open();
    await page.goto(first.url);
    await page.getByRole('heading', { name: 'Your subscriptions' }).waitFor();
    // The link works once: another browser (a leaked link) is refused.
    const leaked = await open();
    const used = await leaked.goto(first.url);
    expect(used?.status()).toBe(410);
    expect(await leaked.getByRole('alert').textContent()).toContain('already used');
    const late = await session({ intent: { type: 'viewSubscriptions' }, user });
    sim.advance('2h');
    expect((await leaked.goto(late.url))?.status()).toBe(410);
    expect(await leaked.getByRole('alert').textContent()).toContain('expired');
    const madeUp = await leaked.goto(`${server.url}/connect/entry?session=csn_nope&token=${'0'.repeat(64)}`);
    expect(madeUp?.status()).toBe(404);
    expect(await leaked.content()).not.toMatch(/at .*\.(ts|js):\d+/);
    await page.close();
    await leaked.close();
  });
});
