import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Agent, setGlobalDispatcher } from 'undici';
import { ADAPTERS, answerOf } from './create-test-app.js';
import {
  boot,
  CLIENT_ID,
  DOWNSTREAM_DOWN,
  EXCHANGE_REFUSED,
  FORWARDED,
  NO_USER,
  SCOPE,
  SCOPE_REFUSED,
  startWorld,
  stopWorld,
  TOKEN_REJECTED,
  type Seen,
  type Via,
  type World,
} from './on-behalf-of.app.test-helpers.js';
import { claimsOf } from './on-behalf-of.test-helpers.js';

// As in a process of its own, where Node's fetch keeps its undici dispatcher on the global
// object (Jest's sandbox has another global object): DownstreamClient then has undici time its
// attempts (HeadersTimeoutDispatcher). The specs in tests/on-behalf-of run without it, on the
// abort-signal fallback.
setGlobalDispatcher(new Agent());

describe.each(ADAPTERS)('on-behalf-of on %s', (adapter) => {
  let world: World;
  let app: INestApplication;

  beforeAll(async () => {
    world = await startWorld();
    app = await boot(adapter, world);
  });

  afterAll(async () => {
    await app.close();
    await stopWorld(world);
  });

  beforeEach(() => {
    world.discount.reset();
    world.other.reset();
    world.authority.tokenRequests.length = 0;
    world.authority.behaviour = { mode: 'serve' };
    world.authority.refusedSubjects.clear();
  });

  /** Every inbound token a test sent: none may ever reach a downstream or another server (O1). */
  const inboundTokens: string[] = [];

  afterEach(() => {
    const received = [...world.discount.hits, ...world.other.hits].map((hit) => `${hit.url}\n${JSON.stringify(hit.headers)}\n${hit.body}`);
    for (const token of inboundTokens.splice(0)) for (const text of received) expect(text).not.toContain(token);
  });

  /** A fresh inbound token for `sub` (a new `jti`, so a new cache entry). */
  const userToken = async (sub = 'alice', claims: Record<string, unknown> = {}) => {
    const token = await world.issuer.mint({ sub, scope: SCOPE, ...claims });
    inboundTokens.push(token);
    return token;
  };
  const get = (path: string, token?: string) => {
    const req = request(app.getHttpServer()).get(path);
    return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
  };

  describe.each<Via>(['fetch', 'axios'])('through %s', (via) => {
    it('O1: the downstream gets a token exchanged for it (sub, aud, scope, act), never the inbound token', async () => {
      const inbound = await userToken('alice');
      const response = await get(`/basket/coupon?via=${via}`, inbound);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 200, body: JSON.stringify({ path: '/api/coupons' }) });

      expect(world.discount.hits).toHaveLength(1);
      const authorization = world.discount.hits[0]!.authorization!;
      expect(authorization).toMatch(/^Bearer eyJ/);
      expect(authorization).not.toContain(inbound);
      expect(JSON.stringify(world.discount.hits[0]!.headers)).not.toContain(inbound);
      const claims = claimsOf(authorization.slice('Bearer '.length));
      expect(claims).toMatchObject({ sub: 'alice', aud: 'discount', scope: 'discount.fullaccess', client_id: CLIENT_ID, act: { sub: CLIENT_ID } });

      expect(world.authority.exchanges).toHaveLength(1);
      const exchange = world.authority.exchanges[0]!;
      expect(exchange.clientId).toBe(CLIENT_ID);
      expect(exchange.params.get('subject_token')).toBe(inbound);
      expect(exchange.params.get('audience')).toBe('discount');
      expect(exchange.params.get('scope')).toBe('discount.fullaccess');
    });

    it('O1: a URL of no configured downstream gets no token, and no exchange happens', async () => {
      const response = await get(`/basket/elsewhere?via=${via}`, await userToken());
      expect(response.body).toEqual({ status: 200, body: JSON.stringify({ path: '/landing' }) });
      expect(world.other.hits.map((hit) => [hit.path, hit.authorization])).toEqual([['/landing', undefined]]);
      expect(world.authority.tokenRequests).toEqual([]);
    });

    it('O1: a redirect to another origin drops the token', async () => {
      const response = await get(`/basket/coupon?via=${via}&path=/redirect-out`, await userToken());
      expect(response.body).toEqual({ status: 200, body: JSON.stringify({ path: '/landing' }) });
      expect(world.discount.hits.map((hit) => hit.path)).toEqual(['/api/redirect-out']);
      expect(world.discount.hits[0]!.authorization).toMatch(/^Bearer eyJ/);
      expect(world.other.hits.map((hit) => [hit.path, hit.authorization])).toEqual([['/landing', undefined]]);
    });

    it('O1: a redirect on the same origin but above the base path drops the token', async () => {
      const response = await get(`/basket/coupon?via=${via}&path=/redirect-above`, await userToken());
      expect(response.body).toEqual({ status: 200, body: JSON.stringify({ path: '/admin' }) });
      expect(world.discount.hits.map((hit) => [hit.path, hit.authorization === undefined])).toEqual([
        ['/api/redirect-above', false],
        ['/admin', true],
      ]);
    });

    it('O1: a token dropped at a redirect is not added back when the chain returns to the downstream', async () => {
      const response = await get(`/basket/coupon?via=${via}&path=/redirect-away-and-back`, await userToken());
      expect(response.body).toEqual({ status: 200, body: JSON.stringify({ path: '/api/coupons' }) });
      expect(world.other.hits.map((hit) => [hit.path, hit.authorization])).toEqual([['/bounce', undefined]]);
      expect(world.discount.hits.map((hit) => [hit.path, hit.authorization === undefined])).toEqual([
        ['/api/redirect-away-and-back', false],
        ['/api/coupons', true],
      ]);
    });

    it("a 401 invalid_token from a host the redirect led to (which never got the token) is the handler's to read: no re-exchange", async () => {
      const response = await get(`/basket/coupon?via=${via}&path=/redirect-to-login`, await userToken());
      expect(response.body).toEqual({ status: 401, body: JSON.stringify({ login: true }) });
      expect(world.other.hits.map((hit) => [hit.path, hit.authorization])).toEqual([['/login', undefined]]);
      expect(world.authority.exchanges).toHaveLength(1);
      expect(world.discount.hits).toHaveLength(1);
    });

    it('a redirect within the downstream keeps its token', async () => {
      const response = await get(`/basket/coupon?via=${via}&path=/redirect-in`, await userToken());
      expect(response.body).toEqual({ status: 200, body: JSON.stringify({ path: '/api/coupons' }) });
      const [first, second] = world.discount.authorizations;
      expect(first).toMatch(/^Bearer eyJ/);
      expect(second).toBe(first);
    });

    it.each([
      ['a header', 'other', 'header'],
      ['the query string', 'other', 'query'],
      ['a header', 'discount', 'header'],
      ['the query string', 'discount', 'query'],
      ['the Authorization header', 'discount', 'authorization'],
      ['the Authorization header', 'other', 'authorization'],
    ])('O1: forwarding the inbound token by hand in %s to %s is stopped before it leaves (500)', async (_name, to, where) => {
      const response = await get(`/basket/forward?via=${via}&to=${to}&in=${where}`, await userToken());
      expect(answerOf(response)).toEqual(FORWARDED);
      expect(world.discount.hits).toEqual([]);
      expect(world.other.hits).toEqual([]);
    });

    it("O2: two users get two tokens, each reused for its user only", async () => {
      const alice = await userToken('alice');
      const bob = await userToken('bob');
      for (const token of [alice, bob, alice, bob]) expect((await get(`/basket/coupon?via=${via}`, token)).status).toBe(200);
      const [aliceFirst, bobFirst, aliceAgain, bobAgain] = world.discount.authorizations;
      expect(aliceFirst).not.toBe(bobFirst);
      expect(aliceAgain).toBe(aliceFirst);
      expect(bobAgain).toBe(bobFirst);
      expect(claimsOf(aliceFirst!.slice(7)).sub).toBe('alice');
      expect(claimsOf(bobFirst!.slice(7)).sub).toBe('bob');
      expect(world.authority.exchanges.map((exchange) => exchange.params.get('subject_token'))).toEqual([alice, bob]);
    });

    it('O2: a new inbound token of the same user is exchanged again (the cache is per subject token)', async () => {
      await get(`/basket/coupon?via=${via}`, await userToken('alice'));
      await get(`/basket/coupon?via=${via}`, await userToken('alice'));
      expect(world.authority.exchanges).toHaveLength(2);
      expect(world.discount.authorizations[0]).not.toBe(world.discount.authorizations[1]);
    });

    it('O3: 20 concurrent calls for one user cause one exchange; 3 users × 10 calls cause three', async () => {
      const alice = await userToken('alice');
      const answers = await Promise.all(Array.from({ length: 20 }, () => get(`/basket/coupon?via=${via}`, alice)));
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
      expect(world.authority.exchanges).toHaveLength(1);
      expect(new Set(world.discount.authorizations).size).toBe(1);

      world.authority.tokenRequests.length = 0;
      world.discount.reset();
      const users = await Promise.all(['carol', 'dave', 'erin'].map((sub) => userToken(sub)));
      await Promise.all(users.flatMap((token) => Array.from({ length: 10 }, () => get(`/basket/coupon?via=${via}`, token))));
      expect(world.authority.exchanges).toHaveLength(3);
      expect(new Set(world.discount.authorizations).size).toBe(3);
      expect(world.discount.hits).toHaveLength(30);
    });

    it('O2: concurrent requests of different users each reach the downstream with their own user\'s token', async () => {
      const users = ['alice', 'bob', 'carol', 'dave', 'erin'];
      const tokens = await Promise.all(users.map((sub) => userToken(sub)));
      const calls = Array.from({ length: 40 }, (_, i) => i % users.length);
      const answers = await Promise.all(calls.map((user) => get(`/basket/coupon?via=${via}&path=/whoami`, tokens[user])));
      expect(answers.map((answer) => (answer.body as Seen).body)).toEqual(calls.map((user) => JSON.stringify({ sub: users[user] })));
      expect(world.authority.exchanges).toHaveLength(users.length);
    });

    it('O4: the authority refusing the subject token answers 401 invalid_token; the downstream is not called', async () => {
      world.authority.refusedSubjects.add('mallory');
      const response = await get(`/basket/coupon?via=${via}`, await userToken('mallory'));
      expect(answerOf(response)).toEqual(EXCHANGE_REFUSED);
      expect(world.authority.exchanges).toHaveLength(1);
      expect(world.discount.hits).toEqual([]);
    });

    it('O4: every refusal of the grant (invalid_grant for all) is a 401, never a forwarded token', async () => {
      world.authority.behaviour = { mode: 'refuse', status: 400, error: 'invalid_grant' };
      const response = await get(`/basket/coupon?via=${via}`, await userToken('alice'));
      expect(answerOf(response)).toEqual(EXCHANGE_REFUSED);
      expect(world.discount.hits).toEqual([]);
      expect(world.other.hits).toEqual([]);
    });

    it('a downstream 401 invalid_token evicts the token, exchanges once more and retries once', async () => {
      const response = await get(`/basket/coupon?via=${via}&path=/expired-once`, await userToken('alice'));
      expect(response.body).toEqual({ status: 200, body: JSON.stringify({ fresh: true }) });
      expect(world.authority.exchanges).toHaveLength(2);
      const [first, second] = world.discount.authorizations;
      expect(first).toMatch(/^Bearer eyJ/);
      expect(second).toMatch(/^Bearer eyJ/);
      expect(second).not.toBe(first);
    });

    it('a downstream refusing the fresh token too answers 502 (the caller cannot fix it); two exchanges, two calls, no third', async () => {
      const response = await get(`/basket/coupon?via=${via}&path=/always-expired`, await userToken('alice'));
      expect(answerOf(response)).toEqual(TOKEN_REJECTED);
      expect(world.authority.exchanges).toHaveLength(2);
      expect(world.discount.hits).toHaveLength(2);
    });

    it('a downstream 401 without invalid_token answers 502 at once, without a new exchange', async () => {
      const response = await get(`/basket/coupon?via=${via}&path=/bare-401`, await userToken('alice'));
      expect(answerOf(response)).toEqual(TOKEN_REJECTED);
      expect(world.authority.exchanges).toHaveLength(1);
      expect(world.discount.hits).toHaveLength(1);
    });

    it('a downstream 403 insufficient_scope answers 502 with no challenge (not the inbound token\'s fault)', async () => {
      const response = await get(`/basket/coupon?via=${via}&path=/admin-only`, await userToken('alice'));
      expect(answerOf(response)).toEqual(SCOPE_REFUSED);
      expect(world.discount.hits).toHaveLength(1);
    });

    it('any other downstream 403 reaches the handler as it is', async () => {
      const response = await get(`/basket/coupon?via=${via}&path=/not-yours`, await userToken('alice'));
      expect(response.body).toEqual({ status: 403, body: JSON.stringify({ reason: 'not your basket' }) });
    });

    it('a public route calls a downstream that allows it with a client-credentials token', async () => {
      const response = await get(`/basket/catalog?via=${via}`);
      expect(response.body).toEqual({ status: 200, body: JSON.stringify({ path: '/catalog/events' }) });
      // The app's client-credentials token is cached across tests: at most one request here.
      expect(world.authority.tokenRequests.length).toBeLessThanOrEqual(1);
      for (const tokenRequest of world.authority.tokenRequests) {
        expect([tokenRequest.grantType, tokenRequest.clientId, tokenRequest.params.get('audience'), tokenRequest.params.get('scope')]).toEqual([
          'client_credentials',
          CLIENT_ID,
          'eventcatalog',
          'eventcatalog.read',
        ]);
        expect(tokenRequest.params.has('subject_token')).toBe(false);
      }
      const claims = claimsOf(world.other.hits[0]!.authorization!.slice(7));
      expect(claims).toMatchObject({ sub: CLIENT_ID, aud: 'eventcatalog' });
      expect(claims.act).toBeUndefined();
    });

    it('a user calling that downstream still acts for the user', async () => {
      const inbound = await userToken('alice');
      await get(`/basket/catalog-as-user?via=${via}`, inbound);
      expect(world.authority.exchanges.map((exchange) => exchange.params.get('subject_token'))).toEqual([inbound]);
      expect(claimsOf(world.other.hits[0]!.authorization!.slice(7)).sub).toBe('alice');
    });

    it('a public route calling a downstream that needs a user fails closed: 500, no token obtained, not called', async () => {
      const response = await get(`/basket/public?via=${via}`);
      expect(answerOf(response)).toEqual(NO_USER);
      expect(world.authority.tokenRequests).toEqual([]);
      expect(world.discount.hits).toEqual([]);
    });

    it('a downstream answering 503 once is retried (GET), and the second answer is returned', async () => {
      const response = await get(`/basket/coupon?via=${via}&path=/flaky`, await userToken('alice'));
      expect(response.body).toEqual({ status: 200, body: JSON.stringify({ recovered: true }) });
      expect(world.discount.hits).toHaveLength(2);
      expect(world.authority.exchanges).toHaveLength(1);
    });

    it('a hanging downstream is cut off at its timeout and answers 503', async () => {
      const started = Date.now();
      const response = await get(`/basket/coupon?via=${via}&downstream=sluggish&path=/hang`, await userToken('alice'));
      expect(answerOf(response)).toEqual(DOWNSTREAM_DOWN);
      expect(world.discount.hits).toHaveLength(2);
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it('a downstream that drops the connection answers 503 once the retry failed too', async () => {
      const response = await get(`/basket/coupon?via=${via}&path=/reset`, await userToken('alice'));
      expect(answerOf(response)).toEqual(DOWNSTREAM_DOWN);
      expect(world.discount.hits).toHaveLength(2);
    });
  });

  it('O6: an axios error of a downstream call prints neither token (config and request are scrubbed)', async () => {
    const inbound = await userToken('alice');
    const printed: unknown[] = [];
    jest.spyOn(console, 'error').mockImplementation((error: unknown) => printed.push(error));
    const response = await get('/basket/axios-error', inbound);
    expect(printed).toHaveLength(1);
    expect(response.status).toBe(200);
    const body = response.body as { status: number; inspected: string; json: string };
    expect(body.status).toBe(404);
    const exchanged = world.discount.hits[0]!.authorization!.slice(7);
    for (const text of [body.inspected, body.json]) {
      expect(text).toContain('Request failed with status code 404');
      expect(text).not.toContain(exchanged);
      expect(text).not.toContain(inbound);
    }
  });
});
