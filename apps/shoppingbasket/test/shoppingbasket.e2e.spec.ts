import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { registerKnownSecret, TestIssuer } from '@baton/testing';
import { startDemoService, testServiceConfig } from '@baton-demo/kit';
import { DiscountModule, type CouponAnswer } from '@baton-demo/discount';
import { ShoppingbasketModule, type Basket, type CheckoutResult } from '../src/index.js';
import { StubTokenEndpoint } from './stub-token-endpoint.js';

const FULL = 'shoppingbasket.fullaccess';
const SCOPE_CHALLENGE = `Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="${FULL}"`;
const NOT_FOR_US = 'Bearer error="invalid_token", error_description="The access token is not meant for this service"';

describe('shoppingbasket over HTTP, with discount called on behalf of the user', () => {
  const clientSecret = randomBytes(24).toString('base64url');
  let issuer: TestIssuer;
  let tokenEndpoint: StubTokenEndpoint;
  let discount: INestApplication;
  let basket: INestApplication;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    registerKnownSecret(clientSecret);
    issuer = await TestIssuer.start({ audience: 'shoppingbasket' });
    tokenEndpoint = await StubTokenEndpoint.start(issuer, { id: 'shoppingbasket', secret: clientSecret });
    discount = await startDemoService(DiscountModule.forRoot(testServiceConfig('discount', issuer.issuer)), { logger: false });
    const base = testServiceConfig('shoppingbasket', issuer.issuer);
    const config = { ...base, urls: { ...base.urls, discount: (await discount.getUrl()).replace('[::1]', '127.0.0.1') } };
    basket = await startDemoService(
      ShoppingbasketModule.forRoot(config, {
        clientSecret,
        onBehalfOf: { authority: tokenEndpoint.url, tokenEndpoint: tokenEndpoint.tokenEndpoint, resilience: { retries: 0 } },
      }),
      // Errors and warnings go to the test output, where the leak audit reads them.
      { logger: ['error', 'warn'] },
    );
    http = request(basket.getHttpServer());
  }, 180_000);

  afterAll(async () => {
    await basket?.close();
    await discount?.close();
    await tokenEndpoint?.close();
    await issuer?.close();
  });

  /** A storefront token of `sub`, as the authority issues it to the web client. */
  const userToken = (sub: string, claims: Record<string, unknown> = {}) => issuer.mint({ sub, client_id: 'web', scope: `openid ${FULL}`, ...claims });
  const line = (overrides: Record<string, unknown> = {}) => ({ eventId: randomUUID(), name: 'John Egbert Live', price: 65, quantity: 2, ...overrides });
  const discountCoupon = async (sub: string) =>
    (
      (
        await request(discount.getHttpServer())
          .get('/coupons/mine')
          .auth(await issuer.mint({ sub, aud: 'discount', scope: 'discount.fullaccess' }), { type: 'bearer' })
      ).body as CouponAnswer
    ).coupon;

  describe('the basket', () => {
    it('adds lines (quantities of one event add up), changes and removes them; totals in euros', async () => {
      const token = await userToken('frank');
      const eventId = randomUUID();
      const added = await http.post('/basket/lines').auth(token, { type: 'bearer' }).send(line({ eventId, price: 19.99, quantity: 2 }));
      expect(added.status).toBe(201);
      expect(added.body).toEqual({ lines: [{ eventId, name: 'John Egbert Live', price: 19.99, quantity: 2, lineTotal: 39.98 }], total: 39.98 });

      const again = await http.post('/basket/lines').auth(token, { type: 'bearer' }).send(line({ eventId, price: 19.99, quantity: 1 }));
      expect((again.body as Basket).lines[0]?.quantity).toBe(3);
      const other = line({ name: 'Clash of the DJs', price: 85, quantity: 1 });
      await http.post('/basket/lines').auth(token, { type: 'bearer' }).send(other);

      const changed = await http.put(`/basket/lines/${eventId}`).auth(token, { type: 'bearer' }).send({ quantity: 5 });
      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({
        lines: [
          { eventId, name: 'John Egbert Live', price: 19.99, quantity: 5, lineTotal: 99.95 },
          { eventId: other.eventId, name: 'Clash of the DJs', price: 85, quantity: 1, lineTotal: 85 },
        ],
        total: 184.95,
      });

      const removed = await http.delete(`/basket/lines/${eventId}`).auth(token, { type: 'bearer' });
      expect(removed.status).toBe(200);
      expect((removed.body as Basket).lines.map((l) => l.eventId)).toEqual([other.eventId]);
      const read = await http.get('/basket').auth(token, { type: 'bearer' });
      expect(read.body).toEqual(removed.body);
    });

    it('a user only ever sees and changes their own basket', async () => {
      const alice = await userToken('alice-iso');
      const bob = await userToken('bob-iso');
      const eventId = randomUUID();
      await http.post('/basket/lines').auth(alice, { type: 'bearer' }).send(line({ eventId }));

      expect((await http.get('/basket').auth(bob, { type: 'bearer' })).body).toEqual({ lines: [], total: 0 });
      expect((await http.put(`/basket/lines/${eventId}`).auth(bob, { type: 'bearer' }).send({ quantity: 9 })).status).toBe(404);
      expect((await http.delete(`/basket/lines/${eventId}`).auth(bob, { type: 'bearer' })).status).toBe(404);
      const aliceBasket = (await http.get('/basket').auth(alice, { type: 'bearer' })).body as Basket;
      expect(aliceBasket.lines).toEqual([expect.objectContaining({ eventId, quantity: 2 })]);
    });

    it('validation: 400 with one message per problem', async () => {
      const token = await userToken('grace');
      const bad = await http.post('/basket/lines').auth(token, { type: 'bearer' }).send({ eventId: 'x', name: 'A', price: '65', quantity: 0, sub: 'alice' });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: [
          'sub: is not a known field (expected eventId, name, price, quantity)',
          'eventId: must be a UUID',
          'price: must be an amount from 0 to 10000',
          'quantity: must be a whole number from 1 to 20',
        ],
      });
      const eventId = randomUUID();
      await http.post('/basket/lines').auth(token, { type: 'bearer' }).send(line({ eventId, quantity: 15 }));
      const tooMany = await http.post('/basket/lines').auth(token, { type: 'bearer' }).send(line({ eventId, quantity: 6 }));
      expect(tooMany.status).toBe(400);
      expect(tooMany.body).toEqual({ statusCode: 400, error: 'Bad Request', message: ['quantity: a basket holds at most 20 tickets of one event'] });
      const badQuantity = await http.put(`/basket/lines/${eventId}`).auth(token, { type: 'bearer' }).send({ quantity: 2.5 });
      expect(badQuantity.body).toEqual({ statusCode: 400, error: 'Bad Request', message: ['quantity: must be a whole number from 1 to 20'] });
      expect((await http.delete('/basket/lines/not-an-id').auth(token, { type: 'bearer' })).status).toBe(400);
    });
  });

  describe('who may call it', () => {
    it('Z1: no token → 401 Bearer', async () => {
      const response = await http.get('/basket');
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it.each([
      ['a token exchanged for discount', { aud: 'discount', scope: 'discount.fullaccess', act: { sub: 'shoppingbasket' } }],
      ['an eventcatalog token', { aud: 'eventcatalog', scope: `eventcatalog.read ${FULL}` }],
    ])('C2: %s → 401 invalid_token', async (_name, claims) => {
      const response = await http.get('/basket').auth(await userToken('alice', claims), { type: 'bearer' });
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe(NOT_FOR_US);
    });

    it.each([
      ['GET /basket', 'get', '/basket'],
      ['POST /basket/lines', 'post', '/basket/lines'],
      ['POST /basket/checkout', 'post', '/basket/checkout'],
    ] as const)('Z4: %s without shoppingbasket.fullaccess → 403 insufficient_scope', async (_name, method, path) => {
      const token = await userToken('alice', { scope: 'openid eventcatalog.read shoppingbasket.full' });
      const response = await http[method](path).auth(token, { type: 'bearer' }).send(line());
      expect(response.status).toBe(403);
      expect(response.headers['www-authenticate']).toBe(SCOPE_CHALLENGE);
    });

    it('the OpenAPI document lists the scope on every basket operation', async () => {
      const paths = ((await http.get('/docs-json')).body as { paths: Record<string, Record<string, { security?: unknown }>> }).paths;
      for (const [path, method] of [['/basket', 'get'], ['/basket/lines', 'post'], ['/basket/lines/{eventId}', 'put'], ['/basket/lines/{eventId}', 'delete'], ['/basket/checkout', 'post']] as const) {
        expect(paths[path]?.[method]?.security).toEqual([{ oauth2: [FULL] }]);
      }
      expect(paths['/health']?.get?.security).toEqual([]);
    });
  });

  describe('checkout', () => {
    it("O1: applies alice's coupon through a token exchanged on her behalf and answers the token trail", async () => {
      const token = await userToken('alice');
      await http.post('/basket/lines').auth(token, { type: 'bearer' }).send(line({ price: 65, quantity: 2 }));
      const exchangesBefore = tokenEndpoint.requests.length;

      const response = await http.post('/basket/checkout').auth(token, { type: 'bearer' });
      expect(response.status).toBe(201);
      const result = response.body as CheckoutResult;
      expect(result.order).toMatchObject({ subtotal: 130, discount: { code: 'ALICE-WELCOME', amount: 20 }, total: 110 });
      expect(result.order.lines).toEqual([expect.objectContaining({ name: 'John Egbert Live', price: 65, quantity: 2, lineTotal: 130 })]);

      const inbound = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number };
      expect(result.trail).toEqual([
        { from: 'web', to: 'shoppingbasket', claims: { aud: 'shoppingbasket', sub: 'alice', scope: `openid ${FULL}`, client_id: 'web', exp: inbound.exp } },
        {
          from: 'shoppingbasket',
          to: 'discount',
          claims: { aud: 'discount', sub: 'alice', scope: 'discount.fullaccess', client_id: 'shoppingbasket', act: { sub: 'shoppingbasket' }, exp: expect.any(Number) },
        },
      ]);
      expect(result.trail[1]!.claims.exp).toBeLessThanOrEqual(inbound.exp);

      // One exchange for both calls to discount (read the coupon, mark it used), of alice's own token.
      const exchanges = tokenEndpoint.requests.slice(exchangesBefore);
      expect(exchanges).toHaveLength(1);
      expect(exchanges[0]!.clientId).toBe('shoppingbasket');
      expect(exchanges[0]!.params.get('subject_token')).toBe(token);
      expect(exchanges[0]!.params.get('audience')).toBe('discount');
      expect(exchanges[0]!.params.get('scope')).toBe('discount.fullaccess');

      // Claims only: neither the inbound nor the exchanged token is in the answer.
      for (const secret of [token, ...tokenEndpoint.issued]) expect(response.text.includes(secret)).toBe(false);
      expect((await http.get('/basket').auth(token, { type: 'bearer' })).body).toEqual({ lines: [], total: 0 });
      expect(await discountCoupon('alice')).toEqual({ code: 'ALICE-WELCOME', amount: 20, used: true });
    });

    it('a second checkout has no discount left: the coupon was used', async () => {
      const token = await userToken('alice');
      await http.post('/basket/lines').auth(token, { type: 'bearer' }).send(line({ price: 25, quantity: 1 }));
      const response = await http.post('/basket/checkout').auth(token, { type: 'bearer' });
      expect(response.status).toBe(201);
      expect((response.body as CheckoutResult).order).toMatchObject({ subtotal: 25, discount: null, total: 25 });
      expect((response.body as CheckoutResult).trail[1]?.claims).toMatchObject({ aud: 'discount', sub: 'alice', act: { sub: 'shoppingbasket' } });
    });

    it("bob gets his own coupon, and a discount larger than the order is capped at the subtotal", async () => {
      const token = await userToken('bob');
      await http.post('/basket/lines').auth(token, { type: 'bearer' }).send(line({ price: 7.5, quantity: 1 }));
      const response = await http.post('/basket/checkout').auth(token, { type: 'bearer' });
      expect((response.body as CheckoutResult).order).toMatchObject({ subtotal: 7.5, discount: { code: 'BOB-WELCOME', amount: 7.5 }, total: 0 });
      expect((response.body as CheckoutResult).trail[1]?.claims.sub).toBe('bob');
    });

    it('an empty basket → 409, and discount is not called', async () => {
      const before = tokenEndpoint.requests.length;
      const response = await http.post('/basket/checkout').auth(await userToken('henry'), { type: 'bearer' });
      expect(response.status).toBe(409);
      expect(response.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'The basket is empty' });
      expect(tokenEndpoint.requests.length).toBe(before);
    });

    it('O4: the authority refusing the user’s token → 401 invalid_token; discount untouched, basket kept', async () => {
      const token = await userToken('ivy');
      await http.post('/basket/lines').auth(token, { type: 'bearer' }).send(line());
      tokenEndpoint.mode = { kind: 'refuse-subject', sub: 'ivy' };
      try {
        const response = await http.post('/basket/checkout').auth(token, { type: 'bearer' });
        expect(response.status).toBe(401);
        expect(response.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
      } finally {
        tokenEndpoint.mode = { kind: 'serve' };
      }
      expect(((await http.get('/basket').auth(token, { type: 'bearer' })).body as Basket).lines).toHaveLength(1);
      expect((await discountCoupon('ivy')).used).toBe(false);
    });

    it('O5: the authority down → 503 with Retry-After; discount untouched, basket kept', async () => {
      const token = await userToken('jack');
      await http.post('/basket/lines').auth(token, { type: 'bearer' }).send(line());
      tokenEndpoint.mode = { kind: 'down', retryAfter: 7 };
      try {
        const response = await http.post('/basket/checkout').auth(token, { type: 'bearer' });
        expect(response.status).toBe(503);
        expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      } finally {
        tokenEndpoint.mode = { kind: 'serve' };
      }
      expect(((await http.get('/basket').auth(token, { type: 'bearer' })).body as Basket).lines).toHaveLength(1);
      expect((await discountCoupon('jack')).used).toBe(false);
    });
  });
});
