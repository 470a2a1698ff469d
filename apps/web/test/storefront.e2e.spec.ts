import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { findLeaks } from '@baton/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { AuthorityClient } from '../src/auth/authority.client.js';
import { ApiCaller } from '../src/backends/api.caller.js';
import { configureWebApp } from '../src/configure-web-app.js';
import { WebModule } from '../src/web.module.js';
import { AUTHORITY, FakeApis, FakeAuthority, TEST_CONFIG } from './storefront-fakes.js';

const EVENTS = [
  { id: '1', name: 'Jazz <script>alert(1)</script> night', artist: 'The "Quotes"', date: '2027-03-14T20:00:00Z', price: 40, description: 'Smooth & cool.' },
  { id: '2', name: 'Rock opera', artist: 'Loud', date: '2027-04-01T19:30:00Z', price: 65.5, description: 'Very loud.' },
];

describe('storefront over HTTP (authority and APIs replaced by fakes)', () => {
  let app: NestExpressApplication;
  let authority: FakeAuthority;
  let apis: FakeApis;

  beforeEach(async () => {
    authority = new FakeAuthority();
    apis = new FakeApis()
      .answer('eventcatalog GET /events', { status: 200, body: EVENTS })
      .answer('eventcatalog GET /events/1', { status: 200, body: EVENTS[0] });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(TEST_CONFIG)] })
      .overrideProvider(AuthorityClient)
      .useValue(authority)
      .overrideProvider(ApiCaller)
      .useValue(apis)
      .compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    configureWebApp(app, TEST_CONFIG);
    await app.init();
  });

  afterEach(() => app.close());

  /** Moves the clock the storefront reads forward (token expiry), leaving timers alone. */
  function laterBy(ms: number): void {
    const now = Date.now();
    jest.spyOn(Date, 'now').mockImplementation(() => now + ms);
  }

  async function signIn(returnTo = '/'): Promise<TestAgent> {
    const agent = request.agent(app.getHttpServer());
    const login = await agent.get(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`).expect(302);
    const state = new URL(login.headers.location as string).searchParams.get('state');
    await agent.get(`/auth/callback?code=good&state=${state}`).expect(303).expect('location', returnTo);
    return agent;
  }

  async function formTokenOf(agent: TestAgent, path = '/events/1'): Promise<string> {
    const page = await agent.get(path).expect(200);
    const token = /name="_form" value="([^"]+)"/.exec(page.text)?.[1];
    if (!token) throw new Error(`no form token on ${path}`);
    return token;
  }

  describe('signing in', () => {
    it('shows the welcome page with a sign-in link to someone not signed in, with strict headers', async () => {
      const page = await request(app.getHttpServer()).get('/').expect(200).expect('content-type', /text\/html/);
      expect(page.text).toContain('Welcome to GloboTicket');
      expect(page.text).toContain('href="/auth/login"');
      expect(page.headers['content-security-policy']).toBe(
        `default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' ${AUTHORITY}; frame-ancestors 'none'; base-uri 'none'`,
      );
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['x-powered-by']).toBeUndefined();
      expect(page.headers['set-cookie']).toBeUndefined();
    });

    it.each(['/basket', '/guarantees', '/orders/last', '/trail', '/events/1'])('sends someone not signed in from %s to the sign-in, and back afterwards', async (path) => {
      await request(app.getHttpServer())
        .get(path)
        .expect(303)
        .expect('location', `/auth/login?returnTo=${encodeURIComponent(path)}`);
    });

    it('starts the sign-in at the authority with an httpOnly SameSite=Lax session cookie', async () => {
      const login = await request(app.getHttpServer()).get('/auth/login?returnTo=/basket').expect(302);
      expect(login.headers.location).toMatch(new RegExp(`^${AUTHORITY}/auth\\?state=state-\\d+$`));
      const cookie = String(login.headers['set-cookie']);
      expect(cookie).toMatch(/^globoticket\.sid=/);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Lax');
      expect(cookie).not.toContain('Secure');
    });

    it.each([
      ['https://evil.example/', '/'],
      ['//evil.example/', '/'],
      ['/\\evil.example', '/'],
      ['/basket', '/basket'],
    ])('returns only to a local path after signing in (returnTo %s → %s)', async (returnTo, expected) => {
      const agent = request.agent(app.getHttpServer());
      const login = await agent.get(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`).expect(302);
      const state = new URL(login.headers.location as string).searchParams.get('state');
      await agent.get(`/auth/callback?code=good&state=${state}`).expect(303).expect('location', expected);
    });

    it('refuses a callback with no sign-in in progress, or with another state, and stays signed out', async () => {
      const page = await request(app.getHttpServer()).get('/auth/callback?code=good&state=x').expect(400);
      expect(page.text).toContain('data-error-code="sign_in_failed"');
      const agent = request.agent(app.getHttpServer());
      await agent.get('/auth/login').expect(302);
      const mismatch = await agent.get('/auth/callback?code=good&state=forged').expect(400);
      expect(mismatch.text).toContain('did not match this sign-in');
      await agent.get('/basket').expect(303);
    });

    it('gives a new session id on sign-in (session fixation)', async () => {
      const agent = request.agent(app.getHttpServer());
      const login = await agent.get('/auth/login').expect(302);
      const before = String(login.headers['set-cookie']).split(';')[0];
      const state = new URL(login.headers.location as string).searchParams.get('state');
      const callback = await agent.get(`/auth/callback?code=good&state=${state}`).expect(303);
      const after = String(callback.headers['set-cookie']).split(';')[0];
      expect(after).toMatch(/^globoticket\.sid=/);
      expect(after).not.toBe(before);
    });

    it('signs out with the form token: forgets the tokens and continues at the authority', async () => {
      const agent = await signIn();
      await agent.post('/auth/logout').type('form').send({ _form: 'wrong' }).expect(403);
      const token = await formTokenOf(agent);
      const logout = await agent.post('/auth/logout').type('form').send({ _form: token }).expect(303);
      expect(logout.headers.location).toBe(`${AUTHORITY}/session/end?client_id=web&hinted=1`);
      await agent.get('/basket').expect(303).expect('location', '/auth/login?returnTo=%2Fbasket');
    });
  });

  describe('browsing and the token trail', () => {
    it('lists the events with every value escaped, using a token for eventcatalog only', async () => {
      const agent = await signIn();
      const page = await agent.get('/').expect(200);
      expect(page.text).toContain('Jazz &lt;script&gt;alert(1)&lt;/script&gt; night');
      expect(page.text).toContain('The &quot;Quotes&quot;');
      expect(page.text).not.toContain('<script>');
      expect(page.text).toContain('Signed in as <strong>Alice</strong>');
      expect(apis.lastClaims('eventcatalog')).toMatchObject({ aud: 'eventcatalog', scope: 'eventcatalog.read', sub: 'alice' });
      expect(authority.tokenRequests).toEqual([{ refreshToken: 'refresh-alice-0', resource: 'urn:test:eventcatalog', scope: 'eventcatalog.read' }]);
    });

    it('shows the claims of the token used, never the token itself', async () => {
      const agent = await signIn();
      const page = await agent.get('/events/1').expect(200);
      const sent = apis.requests.at(-1)?.accessToken ?? '';
      expect(page.text).toContain('data-from="web" data-to="eventcatalog"');
      expect(page.text).toContain('<dd data-claim="aud">eventcatalog</dd>');
      expect(page.text).toContain('<dd data-claim="scope">eventcatalog.read</dd>');
      expect(page.text).toContain('<dd data-claim="sub">alice</dd>');
      expect(page.text).not.toContain(sent.split('.')[1]);
      expect(findLeaks(page.text)).toEqual([]);
      const trail = await agent.get('/trail').expect(200);
      expect(trail.body).toMatchObject({ action: 'Look at an event', hops: [{ from: 'web', to: 'eventcatalog', claims: { aud: 'eventcatalog', sub: 'alice' } }] });
      expect(findLeaks(JSON.stringify(trail.body))).toEqual([]);
    });

    it('reuses an access token until it expires, then gets a new one for the same resource', async () => {
      const agent = await signIn();
      await agent.get('/').expect(200);
      await agent.get('/').expect(200);
      expect(authority.tokenRequests).toHaveLength(1);
      laterBy(301_000);
      await agent.get('/events/1').expect(200);
      await agent.get('/events/1').expect(200);
      expect(authority.tokenRequests.map((request) => request.resource)).toEqual(['urn:test:eventcatalog', 'urn:test:eventcatalog']);
      authority.lifetimeMs = -1;
      laterBy(602_000);
      await agent.get('/').expect(200);
      await agent.get('/').expect(200);
      expect(authority.tokenRequests).toHaveLength(4);
    });

    it('keeps a rotated refresh token and shares one renewal between concurrent pages', async () => {
      const agent = await signIn();
      authority.rotate = true;
      await Promise.all([agent.get('/'), agent.get('/events/1'), agent.get('/')]);
      expect(authority.tokenRequests).toHaveLength(1);
      laterBy(301_000);
      await agent.get('/').expect(200);
      expect(authority.tokenRequests.map((request) => request.refreshToken)).toEqual(['refresh-alice-0', 'refresh-alice-1']);
    });

    it('sends the person to sign in again when the authority no longer honours the refresh token', async () => {
      const agent = await signIn();
      authority.refuseRefresh = true;
      await agent.get('/events/1').expect(303).expect('location', '/auth/login?returnTo=%2Fevents%2F1');
      authority.refuseRefresh = false;
      await agent.get('/').expect(200).expect(/Welcome to GloboTicket/);
    });

    it('answers 404 for an event eventcatalog does not know', async () => {
      const agent = await signIn();
      const page = await agent.get('/events/999').expect(404);
      expect(page.text).toContain('data-error-code="not_found"');
    });

    it('reports an API failure by its status and code, not by its body', async () => {
      apis.answer('eventcatalog GET /events', { status: 503, body: { error: 'temporarily_unavailable', error_description: 'x' } });
      const agent = await signIn();
      const page = await agent.get('/').expect(502);
      expect(page.text).toContain('eventcatalog answered 503 (temporarily_unavailable).');
      expect(page.text).toContain('data-error-code="api_call_failed"');
    });
  });

  describe('basket and checkout', () => {
    const basket = { lines: [{ eventId: '1', name: 'Jazz night', price: 40, quantity: 2, lineTotal: 80 }], total: 80 };

    it('refuses form posts without this session’s form token', async () => {
      const agent = await signIn();
      for (const path of ['/basket/lines', '/checkout', '/guarantees/discount-direct', '/guarantees/catalog-write']) {
        const page = await agent.post(path).type('form').send({ eventId: '1', quantity: '1' }).expect(403);
        expect(page.text).toContain('data-error-code="form_token_mismatch"');
      }
      const other = await signIn();
      const foreign = await formTokenOf(other);
      await agent.post('/checkout').type('form').send({ _form: foreign }).expect(403);
      expect(apis.requests.filter((request) => request.api === 'shoppingbasket')).toEqual([]);
    });

    it('adds a line with the token for shoppingbasket, then shows the basket', async () => {
      apis.answer('shoppingbasket POST /basket/lines', { status: 201, body: basket }).answer('shoppingbasket GET /basket', { status: 200, body: basket });
      const agent = await signIn();
      const token = await formTokenOf(agent);
      await agent.post('/basket/lines').type('form').send({ _form: token, eventId: '1', quantity: '2', price: '0.01', name: 'free' }).expect(303).expect('location', '/basket');
      const add = apis.requests.find((request) => request.api === 'shoppingbasket' && request.method === 'POST');
      // Name and price as eventcatalog shows them, never as the form says.
      expect(add?.body).toEqual({ eventId: '1', name: EVENTS[0]?.name, price: 40, quantity: 2 });
      const trail = await agent.get('/trail').expect(200);
      expect(trail.body.action).toBe('Add to basket');
      expect(trail.body.hops.map((hop: { to: string }) => hop.to)).toEqual(['eventcatalog', 'shoppingbasket']);
      expect(apis.lastClaims('shoppingbasket')).toMatchObject({ aud: 'shoppingbasket', scope: 'shoppingbasket.fullaccess', sub: 'alice' });
      const page = await agent.get('/basket').expect(200);
      expect(page.text).toContain('Jazz night');
      expect(page.text).toContain('€80.00');
      expect(page.text).toContain('action="/checkout"');
    });

    it.each([
      [{ eventId: '../admin', quantity: '1' }],
      [{ eventId: '1', quantity: '0' }],
      [{ eventId: '1', quantity: '11' }],
      [{ eventId: '1', quantity: '1.5' }],
      [{ quantity: '1' }],
    ])('refuses an invalid line %j without calling shoppingbasket', async (fields) => {
      const agent = await signIn();
      const token = await formTokenOf(agent);
      await agent.post('/basket/lines').type('form').send({ _form: token, ...fields }).expect(400);
      expect(apis.requests.filter((request) => request.api === 'shoppingbasket')).toEqual([]);
    });

    it('refuses to add an event eventcatalog does not know', async () => {
      const agent = await signIn();
      const token = await formTokenOf(agent);
      await agent.post('/basket/lines').type('form').send({ _form: token, eventId: '404', quantity: '1' }).expect(404);
      expect(apis.requests.filter((request) => request.api === 'shoppingbasket')).toEqual([]);
    });

    it('checks out, shows the coupon applied and the trail of both tokens as the services saw them', async () => {
      const exp = Math.floor(Date.now() / 1000) + 120;
      const inbound = { aud: 'shoppingbasket', sub: 'alice', scope: 'shoppingbasket.fullaccess', client_id: 'web', exp: exp + 60 };
      const exchanged = { aud: 'discount', sub: 'alice', scope: 'discount.fullaccess', client_id: 'shoppingbasket', act: { sub: 'shoppingbasket' }, exp };
      apis.answer('shoppingbasket POST /basket/checkout', {
        status: 201,
        body: {
          order: { id: 'o-1', lines: basket.lines, subtotal: 80, discount: { code: 'ALICE10', amount: 10 }, total: 70, placedAt: '2026-11-22T10:00:00.000Z' },
          trail: [
            { from: 'web', to: 'shoppingbasket', claims: inbound },
            { from: 'shoppingbasket', to: 'discount', claims: exchanged },
          ],
        },
      });
      const agent = await signIn();
      const token = await formTokenOf(agent);
      await agent.post('/checkout').type('form').send({ _form: token }).expect(303).expect('location', '/orders/last');
      const page = await agent.get('/orders/last').expect(200);
      expect(page.text).toContain('<code data-coupon-code>ALICE10</code>');
      expect(page.text).toContain('<td class="num" data-total="total"><strong>€70.00</strong></td>');
      expect(page.text).toContain('data-from="web" data-to="shoppingbasket"');
      expect(page.text).toContain('data-from="shoppingbasket" data-to="discount"');
      expect(page.text).toContain('<dd data-claim="act">shoppingbasket</dd>');
      const trail = await agent.get('/trail').expect(200);
      expect(trail.body.action).toBe('Checkout');
      expect(trail.body.hops).toEqual([
        { from: 'web', to: 'shoppingbasket', obtainedBy: 'as shoppingbasket verified it', claims: inbound },
        {
          from: 'shoppingbasket',
          to: 'discount',
          obtainedBy: 'obtained by shoppingbasket with a token exchange (RFC 8693) at the authority; as discount verified it',
          claims: exchanged,
        },
      ]);
    });

    it('checks out without a discount when the coupon was used already', async () => {
      apis.answer('shoppingbasket POST /basket/checkout', {
        status: 201,
        body: { order: { id: 'o-2', lines: basket.lines, subtotal: 80, discount: null, total: 80, placedAt: '2026-11-22T10:00:00.000Z' }, trail: [] },
      });
      const agent = await signIn();
      const token = await formTokenOf(agent);
      await agent.post('/checkout').type('form').send({ _form: token }).expect(303);
      const page = await agent.get('/orders/last').expect(200);
      expect(page.text).toContain('No coupon to apply.');
      expect(page.text).not.toContain('data-coupon-code');
      expect(page.text).toContain('<td class="num" data-total="total"><strong>€80.00</strong></td>');
      expect(page.text).toContain('data-from="web" data-to="shoppingbasket"');
    });

    it('explains an empty basket at checkout (409 from shoppingbasket)', async () => {
      apis.answer('shoppingbasket POST /basket/checkout', { status: 409, body: { statusCode: 409, message: 'The basket is empty' } });
      const agent = await signIn();
      const token = await formTokenOf(agent);
      const page = await agent.post('/checkout').type('form').send({ _form: token }).expect(502);
      expect(page.text).toContain('shoppingbasket answered 409.');
    });
  });

  describe('see the guarantees', () => {
    it('shows discount refusing the storefront’s token with 401 invalid_token and its challenge', async () => {
      const challenge = 'Bearer error="invalid_token", error_description="the token is not meant for this audience"';
      apis.answer('discount GET /coupons/mine', { status: 401, wwwAuthenticate: challenge, body: { error: 'invalid_token', error_description: 'the token is not meant for this audience' } });
      const agent = await signIn();
      const token = await formTokenOf(agent, '/guarantees');
      const page = await agent.post('/guarantees/discount-direct').type('form').send({ _form: token }).expect(200);
      expect(page.text).toContain('data-probe-result="discount-direct" data-status="401"');
      expect(page.text).toContain('refused, as it must be.');
      expect(page.text).toContain(`<pre data-header="www-authenticate">Bearer error=&quot;invalid_token&quot;, error_description=&quot;the token is not meant for this audience&quot;</pre>`);
      expect(apis.lastClaims('discount')).toMatchObject({ aud: 'shoppingbasket' });
      expect(findLeaks(page.text)).toEqual([]);
    });

    it('shows eventcatalog refusing a write with 403 insufficient_scope, and says so when a guarantee does not hold', async () => {
      const challenge = 'Bearer error="insufficient_scope", error_description="missing scope", scope="eventcatalog.write"';
      apis.answer('eventcatalog POST /events', { status: 403, wwwAuthenticate: challenge, body: { error: 'insufficient_scope', error_description: 'missing scope' } });
      const agent = await signIn();
      const token = await formTokenOf(agent, '/guarantees');
      const page = await agent.post('/guarantees/catalog-write').type('form').send({ _form: token }).expect(200);
      expect(page.text).toContain('data-probe-result="catalog-write" data-status="403"');
      expect(page.text).toContain('scope=&quot;eventcatalog.write&quot;');
      expect(apis.lastClaims('eventcatalog')).toMatchObject({ aud: 'eventcatalog', scope: 'eventcatalog.read' });

      apis.answer('eventcatalog POST /events', { status: 201, body: { id: '3' } });
      const broken = await agent.post('/guarantees/catalog-write').type('form').send({ _form: token }).expect(200);
      expect(broken.text).toContain('the guarantee did not hold!');
    });
  });
});
