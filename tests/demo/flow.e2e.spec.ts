import { findLeaks } from '@baton/testing';
import { CookieJarClient } from './support/cookie-jar-client.js';
import { startDemoStack, type DemoStack } from './support/demo-stack.js';
import { formsIn } from './support/html-form.js';
import { signInThroughLoginForm } from './support/sign-in.js';

interface TrailJson {
  action: string;
  hops: Array<{ from: string; to: string; claims: Record<string, unknown> & { act?: { sub?: string } } }>;
}

/** The form of a page that posts to `path` (throws if there is none). */
function formTo(page: { text: string; url: string }, path: string) {
  const form = formsIn(page.text, page.url).find((candidate) => new URL(candidate.action).pathname === path);
  if (!form) throw new Error(`No form to ${path} on ${page.url}`);
  return form;
}

async function trailOf(browser: CookieJarClient, webUrl: string): Promise<TrailJson> {
  const answer = await browser.send(`${webUrl}/trail`);
  expect(answer.status).toBe(200);
  return JSON.parse(answer.text) as TrailJson;
}

describe('the GloboTicket demo over HTTP, every process running', () => {
  let stack: DemoStack;
  let webUrl: string;
  const alice = new CookieJarClient();

  beforeAll(async () => {
    stack = await startDemoStack();
    webUrl = stack.topology.webUrl;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('signs alice in through the authority’s login form and lists the events', async () => {
    const home = await signInThroughLoginForm(alice, webUrl, 'alice', 'alice-demo');
    expect(home.url).toBe(`${webUrl}/`);
    expect(home.status).toBe(200);
    expect(home.text).toMatch(/data-user="[^"]+"/);
    expect(home.text).toMatch(/<li data-event-id="[^"]+">/);
    expect(alice.visited.some((url) => url.startsWith(`${stack.topology.authorityUrl}/interaction/`))).toBe(true);
    const trail = await trailOf(alice, webUrl);
    expect(trail.hops).toEqual([expect.objectContaining({ from: 'web', to: 'eventcatalog', claims: expect.objectContaining({ aud: 'eventcatalog', scope: 'eventcatalog.read' }) })]);
  });

  it('refuses a wrong password at the authority and does not sign in', async () => {
    const mallory = new CookieJarClient();
    const page = await signInThroughLoginForm(mallory, webUrl, 'alice', 'not-her-password');
    expect(page.url.startsWith(stack.topology.authorityUrl)).toBe(true);
    expect(page.text).toMatch(/role="alert"/);
    expect((await mallory.send(`${webUrl}/basket`)).status).toBe(303);
  });

  it('comes back signed out, with a message, when the person cancels at the authority', async () => {
    const visitor = new CookieJarClient();
    const loginPage = await visitor.navigate(`${webUrl}/auth/login`);
    const cancel = formsIn(loginPage.text, loginPage.url).find((form) => form.action.endsWith('/abort'));
    if (!cancel) throw new Error('No cancel form on the login page');
    const back = await visitor.navigate(cancel.action, { form: cancel.fields });
    expect(back.url.startsWith(`${webUrl}/auth/callback?`)).toBe(true);
    expect(back.status).toBe(400);
    expect(back.text).toContain('data-error-code="sign_in_failed"');
    expect(back.text).toContain('access was denied at the authority');
    expect((await visitor.send(`${webUrl}/basket`)).status).toBe(303);
  });

  it('adds an event to alice’s basket with her token for shoppingbasket', async () => {
    const home = await alice.navigate(`${webUrl}/`);
    const eventId = /<li data-event-id="([^"]+)">/.exec(home.text)?.[1] ?? '';
    const eventPage = await alice.navigate(`${webUrl}/events/${encodeURIComponent(eventId)}`);
    expect(eventPage.status).toBe(200);
    const form = formTo(eventPage, '/basket/lines');
    const basket = await alice.navigate(form.action, { form: { ...form.fields, quantity: '2' } });
    expect(basket.url).toBe(`${webUrl}/basket`);
    expect(basket.status).toBe(200);
    expect(basket.text).toContain(`data-line-event="${eventId}"`);
    const trail = await trailOf(alice, webUrl);
    expect(trail.hops).toEqual([expect.objectContaining({ from: 'web', to: 'shoppingbasket', claims: expect.objectContaining({ aud: 'shoppingbasket', scope: 'shoppingbasket.fullaccess' }) })]);
  });

  it('checks out with alice’s coupon: discount saw a token for discount only, acting shoppingbasket, for alice', async () => {
    const basket = await alice.navigate(`${webUrl}/basket`);
    const checkout = formTo(basket, '/checkout');
    const order = await alice.navigate(checkout.action, { form: checkout.fields });
    expect(order.url).toBe(`${webUrl}/orders/last`);
    expect(order.status).toBe(200);
    expect(order.text).toMatch(/<code data-coupon-code>[^<]+<\/code>/);

    const trail = await trailOf(alice, webUrl);
    expect(trail.action).toBe('Checkout');
    const toBasket = trail.hops.find((hop) => hop.from === 'web' && hop.to === 'shoppingbasket');
    const toDiscount = trail.hops.find((hop) => hop.from === 'shoppingbasket' && hop.to === 'discount');
    expect(toBasket?.claims).toMatchObject({ aud: 'shoppingbasket', scope: 'shoppingbasket.fullaccess' });
    const user = toBasket?.claims.sub;
    expect(typeof user).toBe('string');
    expect(toDiscount?.claims).toMatchObject({ aud: 'discount', sub: user, act: { sub: 'shoppingbasket' } });
    expect(String(toDiscount?.claims.scope).split(' ')).toContain('discount.fullaccess');
    // The exchanged token never outlives the token it was exchanged from (X8).
    expect(Number(toDiscount?.claims.exp)).toBeLessThanOrEqual(Number(toBasket?.claims.exp));
    expect(findLeaks(order.text)).toEqual([]);
  });

  it('shows the guarantees: discount refuses the storefront’s token (401 invalid_token), eventcatalog a write without the scope (403 insufficient_scope)', async () => {
    const page = await alice.navigate(`${webUrl}/guarantees`);
    const direct = formTo(page, '/guarantees/discount-direct');
    const refused = await alice.navigate(direct.action, { form: direct.fields });
    expect(refused.text).toContain('data-probe-result="discount-direct" data-status="401"');
    expect(refused.text).toMatch(/<pre data-header="www-authenticate">Bearer error=&quot;invalid_token&quot;/);
    expect(refused.text).toContain('refused, as it must be.');

    const write = formTo(page, '/guarantees/catalog-write');
    const forbidden = await alice.navigate(write.action, { form: write.fields });
    expect(forbidden.text).toContain('data-probe-result="catalog-write" data-status="403"');
    expect(forbidden.text).toMatch(/<pre data-header="www-authenticate">Bearer error=&quot;insufficient_scope&quot;.*scope=&quot;eventcatalog.write&quot;/);
    expect(forbidden.text).toContain('refused, as it must be.');
  });

  it('gives bob his own basket, not alice’s', async () => {
    const bob = new CookieJarClient();
    await signInThroughLoginForm(bob, webUrl, 'bob', 'bob-demo', '/basket');
    const basket = await bob.navigate(`${webUrl}/basket`);
    expect(basket.status).toBe(200);
    expect(basket.text).not.toContain('data-line-event=');
    const trail = await trailOf(bob, webUrl);
    const aliceTrail = await trailOf(alice, webUrl);
    expect(trail.hops[0]?.claims.sub).not.toBe(aliceTrail.hops[0]?.claims.sub);
  });

  it('signs alice out at the storefront and at the authority', async () => {
    const home = await alice.navigate(`${webUrl}/`);
    const logout = formTo(home, '/auth/logout');
    const confirm = await alice.navigate(logout.action, { form: logout.fields });
    expect(confirm.url.startsWith(`${stack.topology.authorityUrl}/session/end`)).toBe(true);
    const form = formsIn(confirm.text, confirm.url).find((candidate) => candidate.fields.xsrf !== undefined);
    if (!form) throw new Error('No logout confirmation form');
    const back = await alice.navigate(form.action, { form: { ...form.fields, logout: 'yes' } });
    expect(back.url).toBe(`${webUrl}/`);
    expect(back.text).toContain('Welcome to GloboTicket');
    expect((await alice.send(`${webUrl}/basket`)).status).toBe(303);
    // Signed out at the authority too: signing in again shows the login form.
    const again = await alice.navigate(`${webUrl}/auth/login`);
    expect(again.url.startsWith(`${stack.topology.authorityUrl}/interaction/`)).toBe(true);
  });

  it('O6: no process printed a token, an Authorization header or a secret during the whole flow', () => {
    expect(stack.output().length).toBeGreaterThan(0);
    expect(findLeaks(stack.output(), stack.secrets)).toEqual([]);
  });
});
