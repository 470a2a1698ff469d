import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TestIssuer } from '@baton/testing';
import { SQL_DATABASE, startDemoService, testServiceConfig, type SqlDatabase } from '@baton-demo/kit';
import { DiscountModule, type CouponAnswer } from '../src/index.js';

const FULL = 'discount.fullaccess';
const EXCHANGED = { aud: 'discount', scope: FULL, client_id: 'shoppingbasket', act: { sub: 'shoppingbasket' } };

describe('discount over HTTP', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    issuer = await TestIssuer.start({ audience: 'discount' });
    app = await startDemoService(DiscountModule.forRoot(testServiceConfig('discount', issuer.issuer)), { logger: false });
    http = request(app.getHttpServer());
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  const tokenFor = (sub: string, claims: Record<string, unknown> = {}) => issuer.mint({ ...EXCHANGED, sub, ...claims });

  it('GET /health is public: 200 {status: ok}', async () => {
    const response = await http.get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('the OpenAPI document requires discount.fullaccess on every coupon operation', async () => {
    const response = await http.get('/docs-json');
    const paths = (response.body as { paths: Record<string, Record<string, { security?: unknown }>> }).paths;
    expect(paths['/coupons/mine']?.get?.security).toEqual([{ oauth2: [FULL] }]);
    expect(paths['/coupons/mine/use']?.post?.security).toEqual([{ oauth2: [FULL] }]);
    expect(paths['/health']?.get?.security).toEqual([]);
  });

  describe('the coupon of the user the token names', () => {
    it("returns alice's seeded coupon and the claims of the token it saw, act included — never the token", async () => {
      const token = await tokenFor('alice', { act: { sub: 'shoppingbasket', act: { sub: 'web' } } });
      const response = await http.get('/coupons/mine').auth(token, { type: 'bearer' });
      expect(response.status).toBe(200);
      const answer = response.body as CouponAnswer;
      expect(answer.coupon).toEqual({ code: 'ALICE-WELCOME', amount: 20, used: false });
      expect(answer.seenToken).toEqual({
        aud: 'discount',
        sub: 'alice',
        scope: FULL,
        client_id: 'shoppingbasket',
        act: { sub: 'shoppingbasket', act: { sub: 'web' } },
        exp: expect.any(Number),
      });
      expect(response.text).not.toContain(token);
      expect(response.text).not.toContain(token.split('.')[2]);
    });

    it('bob gets his own coupon, never alice’s', async () => {
      const response = await http.get('/coupons/mine').auth(await tokenFor('bob'), { type: 'bearer' });
      expect(response.status).toBe(200);
      expect((response.body as CouponAnswer).coupon).toEqual({ code: 'BOB-WELCOME', amount: 10, used: false });
      expect((response.body as CouponAnswer).seenToken.sub).toBe('bob');
    });

    it('a user the seed does not know gets a coupon from the template, once, even on concurrent first requests', async () => {
      const token = await tokenFor('3f1c9a52-carol');
      const answers = await Promise.all([1, 2, 3].map(() => http.get('/coupons/mine').auth(token, { type: 'bearer' })));
      const codes = answers.map((answer) => (answer.body as CouponAnswer).coupon.code);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
      expect(codes[0]).toMatch(/^WELCOME-[A-HJ-KM-NP-Z2-9]{6}$/);
      expect(new Set(codes).size).toBe(1);
      expect((answers[0]!.body as CouponAnswer).coupon).toMatchObject({ amount: 5, used: false });
    });

    it('marks the coupon used once: 200, then 409; other users are untouched', async () => {
      const token = await tokenFor('dave');
      const first = await http.post('/coupons/mine/use').auth(token, { type: 'bearer' });
      expect(first.status).toBe(200);
      expect((first.body as CouponAnswer).coupon).toMatchObject({ used: true, amount: 5 });
      const second = await http.post('/coupons/mine/use').auth(token, { type: 'bearer' });
      expect(second.status).toBe(409);
      expect(second.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'The coupon was already used' });
      const read = await http.get('/coupons/mine').auth(token, { type: 'bearer' });
      expect((read.body as CouponAnswer).coupon.used).toBe(true);
      const bob = await http.get('/coupons/mine').auth(await tokenFor('bob'), { type: 'bearer' });
      expect((bob.body as CouponAnswer).coupon.used).toBe(false);
    });

    it('a token that names no user (no sub) → 403', async () => {
      const response = await http.get('/coupons/mine').auth(await issuer.mint({ ...EXCHANGED, sub: undefined }), { type: 'bearer' });
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'The access token names no user (no sub claim)' });
    });
  });

  describe('only tokens for discount', () => {
    const NOT_FOR_US = 'Bearer error="invalid_token", error_description="The access token is not meant for this service"';

    it.each([
      ['the storefront’s token (aud shoppingbasket)', { aud: 'shoppingbasket', scope: 'shoppingbasket.fullaccess', client_id: 'web', act: undefined }],
      ['a shoppingbasket token that even carries discount.fullaccess', { aud: 'shoppingbasket', scope: FULL }],
      ['an eventcatalog token', { aud: ['eventcatalog'], scope: 'eventcatalog.read' }],
      ['an audience that only starts with discount', { aud: 'discount-admin' }],
    ])('C2: %s → 401 invalid_token, and no coupon is issued', async (_name, claims) => {
      const response = await http.get('/coupons/mine').auth(await tokenFor('erin', claims), { type: 'bearer' });
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe(NOT_FOR_US);
      expect(response.body).toEqual({ error: 'invalid_token', error_description: 'The access token is not meant for this service' });
      expect(await app.get<SqlDatabase>(SQL_DATABASE).query("select sub from coupons where sub = 'erin'")).toEqual([]);
    });

    it('Z1: no token → 401 with a bare Bearer challenge', async () => {
      const response = await http.post('/coupons/mine/use');
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it.each([
      ['no scope', undefined],
      ['another service’s scope', 'shoppingbasket.fullaccess'],
      ['a scope that only starts alike', 'discount.full'],
      ['the scope in another case', 'DISCOUNT.FULLACCESS'],
    ])('Z4: %s → 403 insufficient_scope scope="discount.fullaccess"', async (_name, scope) => {
      const response = await http.get('/coupons/mine').auth(await tokenFor('alice', { scope }), { type: 'bearer' });
      expect(response.status).toBe(403);
      expect(response.headers['www-authenticate']).toBe(
        'Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="discount.fullaccess"',
      );
    });
  });
});

describe('discount data across restarts', () => {
  let issuer: TestIssuer;
  let directory: string;

  beforeAll(async () => {
    issuer = await TestIssuer.start({ audience: 'discount' });
    directory = mkdtempSync(join(tmpdir(), 'baton-discount-'));
  });

  afterAll(async () => {
    await issuer.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('keeps a used coupon used and seeds only once', async () => {
    const config = testServiceConfig('discount', issuer.issuer, { database: { kind: 'directory', path: directory } });
    const token = await issuer.mint({ ...EXCHANGED, sub: 'alice' });

    const first = await startDemoService(DiscountModule.forRoot(config), { logger: false });
    expect((await request(first.getHttpServer()).post('/coupons/mine/use').auth(token, { type: 'bearer' })).status).toBe(200);
    await first.close();

    const second = await startDemoService(DiscountModule.forRoot(config), { logger: false });
    try {
      const read = await request(second.getHttpServer()).get('/coupons/mine').auth(token, { type: 'bearer' });
      expect((read.body as CouponAnswer).coupon).toEqual({ code: 'ALICE-WELCOME', amount: 20, used: true });
    } finally {
      await second.close();
    }
  }, 120_000);
});
