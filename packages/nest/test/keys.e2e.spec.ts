import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Get } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { TestIssuer, type TestKey } from '@baton/testing';
import type { JwksOptions } from '@baton/core';
import request from 'supertest';
import { ADAPTERS, answerOf, authOptionsFor, AUDIENCE, createTestApp, invalidToken, TOKEN_ERRORS, type AdapterName } from './create-test-app.js';

@Controller('events')
class EventsController {
  @Get() list() {
    return [{ id: 1 }];
  }
}

/** The 503 answer: no bearer challenge (another token would not help), a positive Retry-After. */
const UNAVAILABLE_BODY = { error: 'temporarily_unavailable', error_description: 'The authorization server is temporarily unavailable' };

function expectUnavailable(response: request.Response): void {
  const answer = answerOf(response);
  expect(answer).toEqual({
    status: 503,
    wwwAuthenticate: undefined,
    retryAfter: expect.stringMatching(/^[1-9][0-9]*$/) as unknown,
    cacheControl: 'no-store',
    body: UNAVAILABLE_BODY,
  });
}

/** Durations kept small so the suite stays fast; each test overrides what it exercises. */
const FAST: JwksOptions = { timeout: 200, failureBackoff: 100, cooldown: 30_000, cacheMaxAge: 600_000, staleWindow: 60_000 };

describe.each(ADAPTERS)('keys on %s', (adapter: AdapterName) => {
  let issuer: TestIssuer;
  let app: INestApplication | undefined;

  beforeEach(async () => {
    issuer = await TestIssuer.start({ audience: AUDIENCE });
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await issuer.close();
  });

  async function boot(jwks: JwksOptions): Promise<void> {
    app = await createTestApp({ adapter, controllers: [EventsController], auth: authOptionsFor(issuer, { jwks: { ...FAST, ...jwks } }) });
  }

  const call = (token: string) => request(app!.getHttpServer()).get('/events').set('Authorization', `Bearer ${token}`);
  const fresh = (options: { key?: TestKey } = {}) => issuer.mint({}, options);

  describe('K1: unknown kid', () => {
    it('K1: a concurrent cold start fetches the JWKS once', async () => {
      await boot({});
      const tokens = await Promise.all(Array.from({ length: 10 }, () => fresh()));
      const responses = await Promise.all(tokens.map(call));
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
      expect(issuer.jwksRequests).toBe(1);
    });

    it('K1: a burst of unknown-kid tokens causes at most one refetch per cooldown window', async () => {
      // Long enough for both bursts to fall in one window, even on a slow machine.
      await boot({ cooldown: 1_000 });
      expect((await call(await fresh())).status).toBe(200);
      await sleep(1_050);
      const before = issuer.jwksRequests;
      const forged = await Promise.all(Array.from({ length: 20 }, (_, index) => issuer.mint({}, { header: { kid: `unknown-${index}` } })));
      for (const response of await Promise.all(forged.map(call))) {
        expect(answerOf(response)).toEqual(invalidToken(TOKEN_ERRORS.keyNotFound));
      }
      expect(issuer.jwksRequests - before).toBeLessThanOrEqual(1);
      const afterFirstBurst = issuer.jwksRequests;
      for (const response of await Promise.all(forged.map(call))) expect(response.status).toBe(401);
      expect(issuer.jwksRequests).toBe(afterFirstBurst);
    });
  });

  describe('K2: a JWKS endpoint that hangs or fails', () => {
    it('K2: a hanging JWKS on a cold start is cut off by the timeout: 503, not a hung request', async () => {
      await boot({ timeout: 200 });
      issuer.setJwksBehaviour({ mode: 'hang' });
      const started = Date.now();
      expectUnavailable(await call(await fresh()));
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('K2: a hanging JWKS with keys known does not hold requests beyond the timeout', async () => {
      await boot({ timeout: 200, cacheMaxAge: 100 });
      expect((await call(await fresh())).status).toBe(200);
      issuer.setJwksBehaviour({ mode: 'hang' });
      await sleep(150);
      const started = Date.now();
      for (let index = 0; index < 5; index += 1) expect((await call(await fresh())).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1_500);
    });

    it('K2: a failed fetch is not cached: once the JWKS answers again (after the backoff), tokens pass', async () => {
      await boot({ failureBackoff: 100 });
      issuer.setJwksBehaviour({ mode: 'fail', status: 500 });
      expectUnavailable(await call(await fresh()));
      issuer.setJwksBehaviour({ mode: 'serve' });
      await sleep(150);
      expect((await call(await fresh())).status).toBe(200);
    });

    it('K2: a JWKS answering garbage on a cold start is a 503, not a 401 or 500', async () => {
      await boot({});
      issuer.setJwksBehaviour({ mode: 'body', body: '<html>maintenance</html>', contentType: 'text/html' });
      expectUnavailable(await call(await fresh()));
    });
  });

  describe('K3: the authority down', () => {
    it('K3: JWKS failing with warm keys → a valid token still passes', async () => {
      await boot({ cacheMaxAge: 100, staleWindow: 60_000 });
      const warm = await fresh();
      expect((await call(warm)).status).toBe(200);
      issuer.setJwksBehaviour({ mode: 'fail', status: 500 });
      await sleep(150);
      for (let index = 0; index < 3; index += 1) {
        const response = await call(await fresh());
        expect(response.status).toBe(200);
        expect(response.body).toEqual([{ id: 1 }]);
      }
      expect((await call(warm)).status).toBe(200);
      // The keys were past cacheMaxAge: a refresh was tried and failed, the stale keys answered.
      expect(issuer.jwksRequests).toBeGreaterThan(1);
    });

    it('K3: cold start with the JWKS failing → 503 with Retry-After, no WWW-Authenticate', async () => {
      await boot({});
      issuer.setJwksBehaviour({ mode: 'fail', status: 500 });
      expectUnavailable(await call(await fresh()));
    });

    it('K3: cold start with the JWKS rate-limiting (429) → 503 with Retry-After', async () => {
      await boot({});
      issuer.setJwksBehaviour({ mode: 'fail', status: 429, retryAfter: 30 });
      expectUnavailable(await call(await fresh()));
    });

    it('K3: past the stale window → 503, not 401', async () => {
      await boot({ cacheMaxAge: 100, staleWindow: 100 });
      expect((await call(await fresh())).status).toBe(200);
      issuer.setJwksBehaviour({ mode: 'fail', status: 503 });
      await sleep(250);
      expectUnavailable(await call(await fresh()));
    });

    it('K3: during an outage with warm keys, a token with an unknown kid gets 503 (its key may be in the JWKS that cannot be fetched)', async () => {
      await boot({ cacheMaxAge: 100 });
      expect((await call(await fresh())).status).toBe(200);
      issuer.setJwksBehaviour({ mode: 'fail', status: 500 });
      await sleep(150);
      expect((await call(await fresh())).status).toBe(200);
      const unknown = await issuer.mint({}, { header: { kid: 'not-published' } });
      expectUnavailable(await call(unknown));
      expect((await call(await fresh())).status).toBe(200);
    });
  });

  describe('K4: key rotation', () => {
    it('K4: both keys pass during the overlap; a removed key stops passing within one cache lifetime', async () => {
      await boot({ cooldown: 0, cacheMaxAge: 300 });
      const oldKey = issuer.signingKey();
      const beforeRotation = await fresh();
      expect((await call(beforeRotation)).status).toBe(200);

      issuer.rotate();
      expect((await call(await fresh())).status).toBe(200);
      expect((await call(await fresh({ key: oldKey }))).status).toBe(200);
      expect((await call(beforeRotation)).status).toBe(200);

      issuer.unpublish(oldKey.kid);
      await sleep(350);
      expect(answerOf(await call(await fresh({ key: oldKey })))).toEqual(invalidToken(TOKEN_ERRORS.keyNotFound));
      // A token verified before is not served from the verified-token cache once its key is gone.
      expect(answerOf(await call(beforeRotation))).toEqual(invalidToken(TOKEN_ERRORS.keyNotFound));
      expect((await call(await fresh())).status).toBe(200);
    });
  });
});
