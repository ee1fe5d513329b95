/// <reference lib="dom" />
import { Hono } from 'hono';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlResponse, Page, stylesheetResponse } from '../../src/web/page.js';
import { launchBrowser, serveOnFreePort } from '../support/browser.js';

// The frame every simulator page shares, in a real Chromium: the banner, the stylesheet and the theme.
describe('the shared page frame in Chromium', () => {
  let browser: Browser;
  let base: string;
  let close: () => void;

  beforeAll(async () => {
    const app = new Hono();
    app.get('/style.css', (c) => stylesheetResponse(c));
    app.get('/:theme', (c) => {
      const theme = c.req.param('theme');
      return htmlResponse(
        c,
        <Page
          title="Frame"
          stylesheet="/style.css"
          banner="a simulated page"
          theme={theme === 'dark' ? 'dark' : theme === 'light' ? 'light' : undefined}
        >
          <h1>Hello {'<script>'}</h1>
          <button type="button">Go</button>
        </Page>,
      );
    });
    ({ url: base, close } = await serveOnFreePort(app));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    close?.();
  });

  it('says it is a simulator, escapes text and loads the stylesheet', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/light`);
    expect(await page.title()).toBe('Frame');
    expect(await page.getByRole('note').textContent()).toContain('gigs-mock');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Hello <script>');
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe('rgb(246, 247, 249)');
    await page.close();
  });

  it('turns dark with data-theme="dark", and follows the system with no theme', async () => {
    const page = await browser.newPage({ colorScheme: 'light' });
    await page.goto(`${base}/dark`);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(17, 19, 24)');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${base}/system`);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(17, 19, 24)');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(246, 247, 249)');
    await page.close();
  });

  it('shows a visible focus ring for keyboard users', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/light`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.tagName);
    expect(focused).toBe('BUTTON');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).toBe('solid');
    await page.close();
  });
});
