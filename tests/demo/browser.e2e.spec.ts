import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoStack, type DemoStack } from './support/demo-stack.js';
import { REPO_ROOT } from './support/demo-services.js';
import { launchChromium, type ChromiumSession } from './support/launch-chromium.js';

const SCREENSHOTS = join(REPO_ROOT, 'test-output', 'demo');

describe('the GloboTicket demo in Chromium', () => {
  let stack: DemoStack;
  let browser: ChromiumSession;
  let page: Page;
  const problems: string[] = [];

  async function screenshot(name: string): Promise<void> {
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  /** The text of one claim of one hop of the token trail panel. */
  function claim(from: string, to: string, name: string) {
    return page.locator(`aside.trail li.hop[data-from="${from}"][data-to="${to}"] dd[data-claim="${name}"]`);
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [stack, browser] = await Promise.all([startDemoStack(), launchChromium()]);
    page = await browser.context.newPage();
    // Any CSP violation, failed request or script error shows up here and fails the last test.
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // The browser asks every origin for /favicon.ico on its own; the authority's pages have none.
      if (message.location().url.endsWith('/favicon.ico')) return;
      problems.push(`console: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs alice in through the authority’s login page', async () => {
    const webUrl = stack.topology.webUrl;
    await page.goto(webUrl);
    await screenshot('01-welcome');
    await page.locator('header .who').getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.topology.authorityUrl}/interaction/**`);
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('alice-demo');
    await screenshot('02-login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${webUrl}/`);
    await expect(page.locator('[data-user]').textContent()).resolves.toContain('Signed in as');
    await expect(page.locator('li[data-event-id]').count()).resolves.toBeGreaterThan(0);
    await expect(claim('web', 'eventcatalog', 'aud').textContent()).resolves.toBe('eventcatalog');
    await screenshot('03-events');
  });

  it('adds an event to the basket', async () => {
    await page.locator('li[data-event-id] a').first().click();
    await page.waitForURL('**/events/*');
    const eventName = await page.locator('main h1').textContent();
    await page.getByLabel('Tickets').fill('2');
    await screenshot('04-event');
    await page.getByRole('button', { name: 'Add to basket' }).click();
    await page.waitForURL('**/basket');
    await expect(page.locator('tr[data-line-event]').first().textContent()).resolves.toContain(eventName ?? '');
    await expect(claim('web', 'shoppingbasket', 'aud').textContent()).resolves.toBe('shoppingbasket');
    await screenshot('05-basket');
  });

  it('checks out with the coupon and shows the exchanged token in the trail', async () => {
    await page.getByRole('button', { name: 'Check out' }).click();
    await page.waitForURL('**/orders/last');
    await expect(page.locator('[data-coupon-code]').textContent()).resolves.toMatch(/\S+/);
    await expect(page.locator('[data-trail-action]').getAttribute('data-trail-action')).resolves.toBe('Checkout');
    const user = await claim('web', 'shoppingbasket', 'sub').textContent();
    await expect(claim('web', 'shoppingbasket', 'scope').textContent()).resolves.toBe('shoppingbasket.fullaccess');
    await expect(claim('shoppingbasket', 'discount', 'aud').textContent()).resolves.toBe('discount');
    await expect(claim('shoppingbasket', 'discount', 'act').textContent()).resolves.toBe('shoppingbasket');
    await expect(claim('shoppingbasket', 'discount', 'sub').textContent()).resolves.toBe(user);
    await expect(claim('shoppingbasket', 'discount', 'scope').textContent()).resolves.toContain('discount.fullaccess');
    await screenshot('06-order-and-token-trail');
  });

  it('shows discount refusing the storefront’s token and eventcatalog refusing a write', async () => {
    await page.getByRole('link', { name: 'See the guarantees' }).click();
    await page.getByRole('button', { name: 'Call discount with the storefront’s token' }).click();
    const direct = page.locator('[data-probe-result="discount-direct"]');
    await expect(direct.getAttribute('data-status')).resolves.toBe('401');
    await expect(direct.locator('[data-header="www-authenticate"]').textContent()).resolves.toMatch(/^Bearer error="invalid_token"/);
    await screenshot('07-guarantee-audience');
    await page.getByRole('button', { name: 'Try to create an event' }).click();
    const write = page.locator('[data-probe-result="catalog-write"]');
    await expect(write.getAttribute('data-status')).resolves.toBe('403');
    await expect(write.locator('[data-header="www-authenticate"]').textContent()).resolves.toMatch(/^Bearer error="insufficient_scope".*scope="eventcatalog.write"/);
    await screenshot('08-guarantee-scope');
  });

  it('signs out at the storefront and at the authority', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${stack.topology.authorityUrl}/session/end**`);
    await screenshot('09-sign-out');
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${stack.topology.webUrl}/`);
    await expect(page.locator('main h1').textContent()).resolves.toBe('Welcome to GloboTicket');
  });

  it('loaded every page without a console error, a CSP violation or a failed request', () => {
    expect(problems).toEqual([]);
  });
});
