import { createServer, type Server, type ServerResponse } from 'node:http';
import { KeyObject } from 'node:crypto';
import { createTestKey, decodeHeader, TestIssuer, type JwksBehaviour, type TestKey, type TestKeyAlgorithm } from '@baton/testing';
import { BatonError } from '../errors/baton-error.js';
import { InvalidTokenError } from '../errors/invalid-token.error.js';
import { TemporarilyUnavailableError } from '../errors/temporarily-unavailable.error.js';
import { AccessTokenVerifier } from '../verifier/access-token-verifier.js';
import { DEFAULT_JWKS_OPTIONS, type JwksOptions } from './jwks-options.js';
import { RemoteKeySet } from './remote-key-set.js';
import { outcomeOf, type Outcome } from '../errors/outcome.test-helpers.js';

// Durations here are tiny real milliseconds: jose's fetch and AbortSignal.timeout run on real
// timers, which Jest's fake timers would stall.

const AUDIENCE = 'test-api';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));


async function refusal(verification: Promise<unknown>): Promise<{ outcome: Outcome; error: BatonError }> {
  try {
    await verification;
  } catch (error) {
    return { outcome: outcomeOf(error), error: error as BatonError };
  }
  throw new Error('expected the token to be refused');
}

const UNAVAILABLE: Outcome = {
  name: 'TemporarilyUnavailableError',
  code: 'ERR_KEYS_UNAVAILABLE',
  status: 503,
  error: 'temporarily_unavailable',
  wwwAuthenticate: undefined,
};
const BAD_SIGNATURE: Outcome = {
  name: 'InvalidTokenError',
  code: 'ERR_TOKEN_SIGNATURE',
  status: 401,
  error: 'invalid_token',
  wwwAuthenticate: 'Bearer error="invalid_token", error_description="The access token signature is invalid"',
};
const KEY_NOT_FOUND: Outcome = {
  name: 'InvalidTokenError',
  code: 'ERR_TOKEN_KEY_NOT_FOUND',
  status: 401,
  error: 'invalid_token',
  wwwAuthenticate: 'Bearer error="invalid_token", error_description="No key of the issuer matches the access token"',
};

/** Expects a 503 and returns its Retry-After seconds. */
async function expectUnavailable(verification: Promise<unknown>): Promise<number> {
  const { outcome, error } = await refusal(verification);
  expect(outcome).toEqual(UNAVAILABLE);
  expect(error).toBeInstanceOf(TemporarilyUnavailableError);
  const { retryAfter } = error as TemporarilyUnavailableError;
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  return retryAfter;
}

/** A server that accepts connections and never answers (for discovery that hangs). */
async function startBlackHole(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const pending: ServerResponse[] = [];
  const server: Server = createServer((_req, res) => {
    requests += 1;
    pending.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('JWKS fetching and caching through AccessTokenVerifier', () => {
  let issuer: TestIssuer;

  const verifierWith = (jwks: JwksOptions, extra: { discovery?: boolean } = {}): AccessTokenVerifier =>
    new AccessTokenVerifier({
      issuer: extra.discovery ? issuer.issuer : { issuer: issuer.issuer, jwksUri: issuer.jwksUri },
      audience: AUDIENCE,
      jwks,
    });

  beforeEach(async () => {
    issuer = await TestIssuer.start();
  });

  afterEach(async () => {
    await issuer.close();
  });

  describe('K1: unknown kid and cold start', () => {
    it('K1: 50 concurrent cold requests cause exactly one JWKS fetch', async () => {
      const verifier = verifierWith({});
      const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => issuer.mint({ sub: `user-${i}` })));

      const principals = await Promise.all(tokens.map((token) => verifier.verify(token)));

      expect(principals.map((principal) => principal.subject)).toEqual(tokens.map((_, i) => `user-${i}`));
      expect(issuer.jwksRequests).toBe(1);
    });

    it('K1: 50 concurrent cold requests with discovery cause one discovery and one JWKS fetch', async () => {
      const verifier = verifierWith({}, { discovery: true });
      const tokens = await Promise.all(Array.from({ length: 50 }, () => issuer.mint()));

      await Promise.all(tokens.map((token) => verifier.verify(token)));

      expect(issuer.discoveryRequests).toBe(1);
      expect(issuer.jwksRequests).toBe(1);
    });

    it('K1: 50 concurrent cold requests all with unknown kids cause one fetch', async () => {
      const verifier = verifierWith({ cooldown: 60_000 });
      const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => issuer.mint({}, { key: createTestKey('ES256', { kid: `stranger-${i}` }) })));

      const outcomes = await Promise.all(tokens.map(async (token) => (await refusal(verifier.verify(token))).outcome));

      expect(outcomes).toEqual(Array.from({ length: 50 }, () => KEY_NOT_FOUND));
      expect(issuer.jwksRequests).toBe(1);
    });

    it('K1: unknown kids within the cooldown cause no refetch at all', async () => {
      const verifier = verifierWith({ cooldown: 60_000 });
      await verifier.verify(await issuer.mint());

      for (let i = 0; i < 100; i += 1) {
        const token = await issuer.mint({}, { key: createTestKey('ES256', { kid: `unknown-${i}` }) });
        expect((await refusal(verifier.verify(token))).outcome).toEqual(KEY_NOT_FOUND);
      }

      expect(issuer.jwksRequests).toBe(1);
    });

    it('K1: after the cooldown, 50 concurrent unknown kids cause exactly one refetch, then none', async () => {
      const verifier = verifierWith({ cooldown: 200 });
      await verifier.verify(await issuer.mint());
      const burst = (): Promise<string[]> =>
        Promise.all(Array.from({ length: 50 }, () => issuer.mint({}, { key: createTestKey('ES256') })));

      await sleep(250);
      const first = await burst();
      await Promise.all(first.map((token) => refusal(verifier.verify(token))));
      expect(issuer.jwksRequests).toBe(2);

      const second = await burst();
      await Promise.all(second.map((token) => refusal(verifier.verify(token))));
      expect(issuer.jwksRequests).toBe(2);
    });

    it('K1: a steady stream of unknown kids fetches at most once per cooldown window', async () => {
      const cooldown = 150;
      const verifier = verifierWith({ cooldown });
      await verifier.verify(await issuer.mint());
      const stranger = createTestKey('ES256');
      const started = Date.now();

      while (Date.now() - started < 600) {
        await refusal(verifier.verify(await issuer.mint({}, { key: stranger })));
        await sleep(10);
      }
      const windows = Math.ceil((Date.now() - started) / cooldown);

      expect(issuer.jwksRequests).toBeGreaterThanOrEqual(2);
      expect(issuer.jwksRequests).toBeLessThanOrEqual(1 + windows);
    });

    it('K1: a key published later is found once the cooldown has passed', async () => {
      const verifier = verifierWith({ cooldown: 200 });
      await verifier.verify(await issuer.mint());
      const late = createTestKey('ES256');
      issuer.publish(late);
      const token = await issuer.mint({}, { key: late });

      expect((await refusal(verifier.verify(token))).outcome).toEqual(KEY_NOT_FOUND);
      expect(issuer.jwksRequests).toBe(1);

      await sleep(250);
      expect(await verifier.verify(token)).toMatchObject({ subject: 'user-1' });
      expect(issuer.jwksRequests).toBe(2);
    });

    it('K1: an unknown-kid refetch reuses the discovered JWKS URL (no second discovery)', async () => {
      const verifier = verifierWith({ cooldown: 100 }, { discovery: true });
      await verifier.verify(await issuer.mint());
      await sleep(150);

      expect((await refusal(verifier.verify(await issuer.mint({}, { key: createTestKey('ES256') })))).outcome).toEqual(KEY_NOT_FOUND);
      expect(issuer.jwksRequests).toBe(2);
      expect(issuer.discoveryRequests).toBe(1);
    });

    it.each<[string, boolean, TestKeyAlgorithm]>([
      ['on a cold start', false, 'ES256'],
      ['with warm keys', true, 'ES256'],
      ['with warm keys, an Ed25519 private key', true, 'EdDSA'],
    ])('K1: a JWKS member that is a private key is a 401 for its kid, not an outage (%s): a key published next is found at once', async (_name, warm, alg) => {
      const leaky = createTestKey(alg);
      const privateJwk: TestKey = { ...leaky, publicJwk: { ...leaky.publicJwk, d: leaky.privateKey.export({ format: 'jwk' }).d } };
      issuer.publish(privateJwk);
      // A long backoff: had the bad key been taken for an outage, the next request would be refused.
      const verifier = verifierWith({ cooldown: 0, failureBackoff: 60_000 });
      if (warm) await verifier.verify(await issuer.mint());

      expect((await refusal(verifier.verify(await issuer.mint({}, { key: privateJwk, alg })))).outcome).toEqual(KEY_NOT_FOUND);

      const fresh = createTestKey(alg);
      issuer.publish(fresh);
      expect(await verifier.verify(await issuer.mint({}, { key: fresh, alg }))).toMatchObject({ subject: 'user-1' });
      expect(issuer.jwksRequests).toBe(2);
    });

    it('K1: known kids never cause a fetch while the keys are fresh', async () => {
      const verifier = verifierWith({ cooldown: 0 });
      await verifier.verify(await issuer.mint());

      for (let i = 0; i < 20; i += 1) await verifier.verify(await issuer.mint());

      expect(issuer.jwksRequests).toBe(1);
    });
  });

  describe('K2: timeouts and failed fetches', () => {
    it('K2: a hanging JWKS endpoint is cut off by the timeout → 503 with Retry-After ≥ 1', async () => {
      issuer.setJwksBehaviour({ mode: 'hang' });
      const verifier = verifierWith({ timeout: 150, failureBackoff: 1_000 });
      const started = Date.now();

      const retryAfter = await expectUnavailable(verifier.verify(await issuer.mint()));

      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(140);
      expect(elapsed).toBeLessThan(1_500);
      expect(retryAfter).toBeLessThanOrEqual(2);
      expect(issuer.jwksRequests).toBe(1);
    });

    it('K2: hanging discovery is cut off by the timeout → 503', async () => {
      const hole = await startBlackHole();
      try {
        const verifier = new AccessTokenVerifier({ issuer: hole.url, audience: AUDIENCE, jwks: { timeout: 150 } });
        const started = Date.now();

        await expectUnavailable(verifier.verify(await issuer.mint({ iss: hole.url })));

        expect(Date.now() - started).toBeLessThan(1_500);
        expect(hole.requests()).toBeGreaterThanOrEqual(1);
      } finally {
        await hole.close();
      }
    });

    it.each<[string, JwksBehaviour]>([
      ['500', { mode: 'fail', status: 500 }],
      ['503 with Retry-After', { mode: 'fail', status: 503, retryAfter: 30 }],
      ['429', { mode: 'fail', status: 429, retryAfter: 5 }],
      ['404', { mode: 'fail', status: 404 }],
      ['a redirect (never followed)', { mode: 'fail', status: 302 }],
      ['a body that is not JSON', { mode: 'body', body: '<html>Gateway Timeout</html>', contentType: 'text/html' }],
      ['an empty body', { mode: 'body', body: '' }],
      ['JSON without "keys"', { mode: 'body', body: '{"issuer":"x"}' }],
      ['"keys" that is not a list', { mode: 'body', body: '{"keys":{"kty":"EC"}}' }],
      ['a JSON array', { mode: 'body', body: '[]' }],
      ['JSON null', { mode: 'body', body: 'null' }],
    ])('K2: a JWKS endpoint answering %s on a cold start → 503', async (_name, behaviour) => {
      issuer.setJwksBehaviour(behaviour);

      await expectUnavailable(verifierWith({ timeout: 500 }).verify(await issuer.mint()));
    });

    it('K2: a well-formed but empty key set is a key lookup failure (401), not an outage', async () => {
      issuer.overrideJwks({ keys: [] });

      expect((await refusal(verifierWith({}).verify(await issuer.mint()))).outcome).toEqual(KEY_NOT_FOUND);
    });

    it('K2: a failed fetch is not cached: once the backoff has passed, the next request fetches and passes', async () => {
      issuer.setJwksBehaviour({ mode: 'fail', status: 500 });
      const verifier = verifierWith({ failureBackoff: 300 });
      const token = await issuer.mint();
      await expectUnavailable(verifier.verify(token));
      issuer.setJwksBehaviour({ mode: 'serve' });

      await sleep(350);

      expect(await verifier.verify(token)).toMatchObject({ subject: 'user-1' });
      expect(issuer.jwksRequests).toBe(2);
    });

    it('K2: during the failure backoff, requests get 503 without hitting the endpoint', async () => {
      issuer.setJwksBehaviour({ mode: 'fail', status: 500 });
      const verifier = verifierWith({ failureBackoff: 5_000 });
      const token = await issuer.mint();
      await expectUnavailable(verifier.verify(token));
      issuer.setJwksBehaviour({ mode: 'serve' });

      for (let i = 0; i < 20; i += 1) {
        const retryAfter = await expectUnavailable(verifier.verify(token));
        expect(retryAfter).toBeLessThanOrEqual(6);
      }

      expect(issuer.jwksRequests).toBe(1);
    });

    it('K2: Retry-After follows the failure backoff', async () => {
      issuer.setJwksBehaviour({ mode: 'fail', status: 503 });
      const verifier = verifierWith({ failureBackoff: 3_000 });
      const token = await issuer.mint();

      const first = await expectUnavailable(verifier.verify(token));
      const second = await expectUnavailable(verifier.verify(token));

      expect(first).toBeGreaterThanOrEqual(3);
      expect(first).toBeLessThanOrEqual(4);
      expect(second).toBeGreaterThanOrEqual(2);
      expect(second).toBeLessThanOrEqual(first);
    });

    it('K2: Retry-After is at least one second even with no backoff', async () => {
      issuer.setJwksBehaviour({ mode: 'fail', status: 500 });

      expect(await expectUnavailable(verifierWith({ failureBackoff: 0 }).verify(await issuer.mint()))).toBe(1);
    });

    it('K2: a refresh that hangs keeps the known keys and answers within the timeout', async () => {
      const verifier = verifierWith({ cacheMaxAge: 100, staleWindow: 10_000, timeout: 150 });
      await verifier.verify(await issuer.mint());
      issuer.setJwksBehaviour({ mode: 'hang' });
      await sleep(150);
      const started = Date.now();

      expect(await verifier.verify(await issuer.mint())).toMatchObject({ subject: 'user-1' });
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(issuer.jwksRequests).toBe(2);
    });

    it('K2: a refresh answering garbage keeps the known keys', async () => {
      const verifier = verifierWith({ cacheMaxAge: 100, staleWindow: 10_000 });
      await verifier.verify(await issuer.mint());
      issuer.setJwksBehaviour({ mode: 'body', body: 'not json' });
      await sleep(150);

      expect(await verifier.verify(await issuer.mint())).toMatchObject({ subject: 'user-1' });
      expect(issuer.jwksRequests).toBe(2);
    });
  });

  describe('K3: authority down with keys cached', () => {
    it('K3: valid tokens keep passing within staleWindow, then → 503', async () => {
      const verifier = verifierWith({ cacheMaxAge: 150, staleWindow: 400, failureBackoff: 50 });
      const cached = await issuer.mint();
      await verifier.verify(cached);
      const fetchedAt = Date.now();
      issuer.setJwksBehaviour({ mode: 'fail', status: 503, retryAfter: 60 });

      await sleep(200);
      expect(await verifier.verify(await issuer.mint())).toMatchObject({ subject: 'user-1' });
      expect(await verifier.verify(cached)).toMatchObject({ subject: 'user-1' });
      await sleep(100);
      expect(await verifier.verify(await issuer.mint())).toMatchObject({ subject: 'user-1' });

      await sleep(Math.max(0, fetchedAt + 150 + 400 + 100 - Date.now()));
      await expectUnavailable(verifier.verify(await issuer.mint()));
      await expectUnavailable(verifier.verify(cached));
    });

    it('K3: while stale, requests are bounded by the failure backoff, not one fetch each', async () => {
      const verifier = verifierWith({ cacheMaxAge: 100, staleWindow: 10_000, failureBackoff: 10_000 });
      await verifier.verify(await issuer.mint());
      issuer.setJwksBehaviour({ mode: 'fail', status: 500 });
      await sleep(150);

      const tokens = await Promise.all(Array.from({ length: 30 }, () => issuer.mint()));
      for (const token of tokens) expect(await verifier.verify(token)).toMatchObject({ subject: 'user-1' });

      expect(issuer.jwksRequests).toBe(2);
    });

    it('K3: a hanging authority with warm keys: valid tokens pass, and only the first waits for the timeout', async () => {
      const verifier = verifierWith({ cacheMaxAge: 100, staleWindow: 10_000, timeout: 200, failureBackoff: 10_000 });
      await verifier.verify(await issuer.mint());
      issuer.setJwksBehaviour({ mode: 'hang' });
      await sleep(150);

      let started = Date.now();
      expect(await verifier.verify(await issuer.mint())).toMatchObject({ subject: 'user-1' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      started = Date.now();
      for (let i = 0; i < 10; i += 1) expect(await verifier.verify(await issuer.mint())).toMatchObject({ subject: 'user-1' });
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(issuer.jwksRequests).toBe(2);
    });

    it('K3: during an outage, stale keys are served at once while one background refresh per backoff hangs', async () => {
      const failureBackoff = 200;
      const verifier = verifierWith({ cacheMaxAge: 100, staleWindow: 10_000, timeout: 600, failureBackoff });
      await verifier.verify(await issuer.mint());
      issuer.setJwksBehaviour({ mode: 'hang' });
      await sleep(150);
      await verifier.verify(await issuer.mint());
      const afterFirstFailure = issuer.jwksRequests;
      const started = Date.now();

      let slowest = 0;
      while (Date.now() - started < 700) {
        const before = Date.now();
        expect(await verifier.verify(await issuer.mint())).toMatchObject({ subject: 'user-1' });
        slowest = Math.max(slowest, Date.now() - before);
        await sleep(20);
      }

      // Waiting on the hanging refresh would take the whole 600 ms timeout.
      expect(slowest).toBeLessThan(400);
      expect(issuer.jwksRequests - afterFirstFailure).toBeGreaterThanOrEqual(1);
      expect(issuer.jwksRequests - afterFirstFailure).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / failureBackoff) + 1);
    });

    it('K3: once the authority is back, the background refresh brings the new keys in', async () => {
      const verifier = verifierWith({ cacheMaxAge: 100, staleWindow: 10_000, failureBackoff: 100 });
      await verifier.verify(await issuer.mint());
      issuer.setJwksBehaviour({ mode: 'fail', status: 503 });
      await sleep(150);
      expect(await verifier.verify(await issuer.mint())).toMatchObject({ subject: 'user-1' });

      issuer.rotate();
      issuer.setJwksBehaviour({ mode: 'serve' });
      await sleep(150);
      // This request is answered from the stale keys and starts the background refresh.
      expect(await verifier.verify(await issuer.mint({}, { key: issuer.keys[0]! }))).toMatchObject({ subject: 'user-1' });
      await sleep(200);

      expect(await verifier.verify(await issuer.mint())).toMatchObject({ subject: 'user-1' });
    });

    it('K3: one issuer down does not affect another', async () => {
      const healthy = await TestIssuer.start();
      try {
        const verifier = new AccessTokenVerifier({
          issuer: [
            { issuer: issuer.issuer, jwksUri: issuer.jwksUri },
            { issuer: healthy.issuer, jwksUri: healthy.jwksUri },
          ],
          audience: AUDIENCE,
          jwks: { failureBackoff: 10_000 },
        });
        issuer.setJwksBehaviour({ mode: 'fail', status: 503 });

        await expectUnavailable(verifier.verify(await issuer.mint()));
        expect(await verifier.verify(await healthy.mint({ aud: AUDIENCE }))).toMatchObject({ issuer: healthy.issuer });
      } finally {
        await healthy.close();
      }
    });

    it('K3: past the stale window, Retry-After follows the failure backoff', async () => {
      const verifier = verifierWith({ cacheMaxAge: 100, staleWindow: 0, failureBackoff: 2_000 });
      await verifier.verify(await issuer.mint());
      issuer.setJwksBehaviour({ mode: 'fail', status: 503, retryAfter: 120 });
      await sleep(150);

      const retryAfter = await expectUnavailable(verifier.verify(await issuer.mint()));

      expect(retryAfter).toBeGreaterThanOrEqual(2);
      expect(retryAfter).toBeLessThanOrEqual(3);
    });

    it('K3: staleWindow 0 → a failed refresh past cacheMaxAge is 503 at once', async () => {
      const verifier = verifierWith({ cacheMaxAge: 100, staleWindow: 0 });
      await verifier.verify(await issuer.mint());
      issuer.setJwksBehaviour({ mode: 'fail', status: 500 });
      await sleep(150);

      await expectUnavailable(verifier.verify(await issuer.mint()));
    });

    it('K3: the authority back up → tokens pass again after the backoff', async () => {
      const verifier = verifierWith({ cacheMaxAge: 100, staleWindow: 0, failureBackoff: 100 });
      await verifier.verify(await issuer.mint());
      issuer.setJwksBehaviour({ mode: 'fail', status: 500 });
      await sleep(150);
      await expectUnavailable(verifier.verify(await issuer.mint()));

      issuer.setJwksBehaviour({ mode: 'serve' });
      await sleep(150);

      expect(await verifier.verify(await issuer.mint())).toMatchObject({ subject: 'user-1' });
    });

    it('K3: an authority that never answered gives 503, not 401, even for a garbage signature', async () => {
      issuer.setJwksBehaviour({ mode: 'fail', status: 503 });
      const token = await issuer.mint({}, { signature: { raw: Buffer.alloc(64) } });

      await expectUnavailable(verifierWith({}).verify(token));
    });

    it.each<[string, JwksBehaviour]>([
      ['answers 503', { mode: 'fail', status: 503, retryAfter: 60 }],
      ['hangs', { mode: 'hang' }],
    ])('K3: the authority %s after a rotation the verifier never saw: a valid token under the new key → 503, not 401', async (_name, behaviour) => {
      const verifier = verifierWith({ cacheMaxAge: 100, staleWindow: 10_000, timeout: 150, failureBackoff: 5_000 });
      const oldKey = issuer.signingKey();
      await verifier.verify(await issuer.mint());
      issuer.rotate();
      issuer.setJwksBehaviour(behaviour);
      await sleep(150);
      const token = await issuer.mint();

      // The first request tries the refresh and fails; the next is answered during the backoff.
      await expectUnavailable(verifier.verify(token));
      await expectUnavailable(verifier.verify(token));
      // The keys in hand still verify their own tokens (the outage is not a 503 for everyone).
      expect(await verifier.verify(await issuer.mint({}, { key: oldKey }))).toMatchObject({ subject: 'user-1' });
      expect(issuer.jwksRequests).toBe(2);
    });

    it('K3: a new kid whose refetch fails while the keys are still fresh → 503, not 401', async () => {
      const verifier = verifierWith({ cooldown: 0, staleWindow: 10_000, failureBackoff: 5_000 });
      const oldKey = issuer.signingKey();
      await verifier.verify(await issuer.mint());
      issuer.rotate();
      issuer.setJwksBehaviour({ mode: 'fail', status: 503 });
      const token = await issuer.mint();

      await expectUnavailable(verifier.verify(token));
      await expectUnavailable(verifier.verify(token));
      expect(await verifier.verify(await issuer.mint({}, { key: oldKey }))).toMatchObject({ subject: 'user-1' });
      expect(issuer.jwksRequests).toBe(2);
    });

    it('K3: a bad token is still 401 while serving from stale keys', async () => {
      const verifier = verifierWith({ cacheMaxAge: 100, staleWindow: 10_000 });
      await verifier.verify(await issuer.mint());
      issuer.setJwksBehaviour({ mode: 'fail', status: 500 });
      await sleep(150);
      const forged = await issuer.mint({}, { signature: { raw: Buffer.alloc(64, 1) } });

      expect((await refusal(verifier.verify(forged))).outcome).toEqual(BAD_SIGNATURE);
    });
  });

  describe('K4: key rotation', () => {
    it('K4: during the overlap both the old and the new key pass', async () => {
      const verifier = verifierWith({ cooldown: 0 });
      const old = await issuer.mint();
      await verifier.verify(old);

      const next = issuer.rotate();
      const fresh = await issuer.mint();

      expect(decodeHeader(fresh)['kid']).toBe(next.kid);
      expect(await verifier.verify(fresh)).toMatchObject({ subject: 'user-1' });
      expect(await verifier.verify(old)).toMatchObject({ subject: 'user-1' });
      expect(await verifier.verify(await issuer.mint({}, { key: issuer.keys[0]! }))).toMatchObject({ subject: 'user-1' });
      expect(issuer.jwksRequests).toBe(2);
    });

    it('K4: a removed key stops passing once the cache lifetime has passed', async () => {
      const verifier = verifierWith({ cacheMaxAge: 300, cooldown: 60_000 });
      const oldKey = issuer.signingKey();
      await verifier.verify(await issuer.mint());
      issuer.rotate();
      issuer.unpublish(oldKey.kid);

      await sleep(350);

      expect((await refusal(verifier.verify(await issuer.mint({}, { key: oldKey })))).outcome).toEqual(KEY_NOT_FOUND);
      expect(await verifier.verify(await issuer.mint())).toMatchObject({ subject: 'user-1' });
    });

    it('K4: a token in the verified-token cache stops passing once its key is removed and the cache lifetime has passed', async () => {
      const verifier = verifierWith({ cacheMaxAge: 300, cooldown: 60_000 });
      const oldKey = issuer.signingKey();
      const token = await issuer.mint();
      await verifier.verify(token);
      const cached = await verifier.verify(token); // tokens are cached from their second verification
      expect(await verifier.verify(token)).toBe(cached);
      issuer.rotate();
      issuer.unpublish(oldKey.kid);

      await sleep(350);

      expect((await refusal(verifier.verify(token))).outcome).toEqual(KEY_NOT_FOUND);
    });

    it('K4: a refetch that drops a key also drops the tokens cached with it, before cacheMaxAge', async () => {
      const verifier = verifierWith({ cacheMaxAge: 60_000, cooldown: 0 });
      const oldKey = issuer.signingKey();
      const token = await issuer.mint();
      await verifier.verify(token);
      await verifier.verify(token); // cached from its second verification
      expect(verifier.verifyFromCache(token)).toMatchObject({ subject: 'user-1' });
      issuer.rotate();
      issuer.unpublish(oldKey.kid);

      // A token under the new kid forces a refetch (cooldown 0) that no longer lists the old key.
      expect(await verifier.verify(await issuer.mint())).toMatchObject({ subject: 'user-1' });

      expect((await refusal(verifier.verify(token))).outcome).toEqual(KEY_NOT_FOUND);
    });

    it('K4: once the old key is gone, the new key keeps passing without further fetches', async () => {
      const verifier = verifierWith({ cooldown: 0 });
      const oldKey = issuer.signingKey();
      await verifier.verify(await issuer.mint());
      issuer.rotate();
      issuer.unpublish(oldKey.kid);
      await verifier.verify(await issuer.mint());
      const fetches = issuer.jwksRequests;

      for (let i = 0; i < 10; i += 1) expect(await verifier.verify(await issuer.mint())).toMatchObject({ subject: 'user-1' });

      expect(issuer.jwksRequests).toBe(fetches);
    });

    it('K4: rotation to another algorithm: ES256 and the new RS256 key both pass in the overlap', async () => {
      const verifier = verifierWith({ cooldown: 0 });
      await verifier.verify(await issuer.mint());
      const rsa = createTestKey('RS256');
      issuer.publish(rsa);

      expect(await verifier.verify(await issuer.mint({}, { key: rsa, alg: 'RS256' }))).toMatchObject({ subject: 'user-1' });
      expect(await verifier.verify(await issuer.mint())).toMatchObject({ subject: 'user-1' });
    });

    it('K4: a kid reused for new key material no longer verifies the old signatures', async () => {
      const verifier = verifierWith({ cacheMaxAge: 200, cooldown: 60_000 });
      const oldKey = issuer.signingKey();
      const oldToken = await issuer.mint();
      await verifier.verify(oldToken);
      const reused = createTestKey('ES256', { kid: oldKey.kid });
      issuer.unpublish(oldKey.kid);
      issuer.publish(reused);

      await sleep(250);

      expect((await refusal(verifier.verify(await issuer.mint({}, { key: oldKey })))).outcome).toEqual(BAD_SIGNATURE);
      expect(await verifier.verify(await issuer.mint({}, { key: reused }))).toMatchObject({ subject: 'user-1' });
    });
  });
});

describe('RemoteKeySet', () => {
  let issuer: TestIssuer;

  const options = (jwks: JwksOptions = {}) => ({ ...DEFAULT_JWKS_OPTIONS, ...jwks });

  // One issuer for the whole block: RSA key generation is slow. Counts are compared as deltas.
  beforeAll(async () => {
    issuer = await TestIssuer.start({ algorithms: ['ES256', 'RS256'] });
  }, 30_000);

  afterEach(() => {
    issuer.setJwksBehaviour({ mode: 'serve' });
  });

  afterAll(async () => {
    await issuer.close();
  });

  it('K1: resolves the JWKS URL and fetches once for concurrent cold lookups', async () => {
    const resolve = jest.fn(() => Promise.resolve(new URL(issuer.jwksUri)));
    const keys = new RemoteKeySet(resolve, options());
    const { kid } = issuer.signingKey('ES256');
    const before = issuer.jwksRequests;

    const found = await Promise.all(Array.from({ length: 20 }, () => keys.getKey('ES256', kid)));

    expect(found[0]).toBeInstanceOf(KeyObject);
    expect(found[0]!.equals(issuer.signingKey('ES256').publicKey)).toBe(true);
    expect(found.every((key) => key === found[0])).toBe(true);
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(issuer.jwksRequests - before).toBe(1);
  });

  it('K4: serves parsed keys synchronously while fresh, and exposes the key-set generation', async () => {
    const keys = new RemoteKeySet(() => Promise.resolve(new URL(issuer.jwksUri)), options({ cacheMaxAge: 150 }));
    const { kid } = issuer.signingKey('ES256');
    const before = issuer.jwksRequests;

    expect(keys.cachedKey('ES256', kid)).toBeUndefined();
    expect(keys.fresh).toBe(false);
    expect(keys.generation).toBeUndefined();

    const key = await keys.getKey('ES256', kid);
    const generation = keys.generation;

    expect(keys.fresh).toBe(true);
    expect(typeof generation).toBe('number');
    expect(keys.cachedKey('ES256', kid)).toBe(key);
    expect(keys.cachedKey('RS256', kid)).toBeUndefined();

    await sleep(200);
    expect(keys.fresh).toBe(false);
    expect(keys.cachedKey('ES256', kid)).toBeUndefined();

    await keys.getKey('ES256', kid);
    expect(keys.fresh).toBe(true);
    expect(keys.generation).not.toBe(generation);
    expect(issuer.jwksRequests - before).toBe(2);
  });

  it('K2: a failed URL resolution (discovery) is retried after the backoff', async () => {
    const resolve = jest
      .fn<Promise<URL>, []>()
      .mockRejectedValueOnce(new Error('discovery failed'))
      .mockImplementation(() => Promise.resolve(new URL(issuer.jwksUri)));
    const keys = new RemoteKeySet(resolve, options({ failureBackoff: 100 }));
    const { kid } = issuer.signingKey('ES256');

    await expect(keys.getKey('ES256', kid)).rejects.toBeInstanceOf(TemporarilyUnavailableError);
    await expect(keys.getKey('ES256', kid)).rejects.toBeInstanceOf(TemporarilyUnavailableError);
    expect(resolve).toHaveBeenCalledTimes(1);

    await sleep(150);

    expect(await keys.getKey('ES256', kid)).toBeInstanceOf(KeyObject);
    expect(resolve).toHaveBeenCalledTimes(2);
  });

  it('K2: keeps the failure as the cause of the 503, for logs', async () => {
    issuer.setJwksBehaviour({ mode: 'fail', status: 500 });
    const keys = new RemoteKeySet(() => Promise.resolve(new URL(issuer.jwksUri)), options());

    const error = await keys.getKey('ES256', issuer.signingKey('ES256').kid).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TemporarilyUnavailableError);
    expect((error as TemporarilyUnavailableError).cause).toBeInstanceOf(Error);
  });

  it.each<[string, () => { alg: 'ES256' | 'RS256'; kid: string | undefined }]>([
    ['an unknown kid', () => ({ alg: 'ES256', kid: 'nobody' })],
    ['the RSA kid asked for ES256', () => ({ alg: 'ES256', kid: issuer.signingKey('RS256').kid })],
    ['the EC kid asked for RS256', () => ({ alg: 'RS256', kid: issuer.signingKey('ES256').kid })],
  ])('P3: refuses %s as ERR_TOKEN_KEY_NOT_FOUND', async (_name, lookup) => {
    const keys = new RemoteKeySet(() => Promise.resolve(new URL(issuer.jwksUri)), options());
    const { alg, kid } = lookup();

    const error = await keys.getKey(alg, kid).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as InvalidTokenError).code).toBe('ERR_TOKEN_KEY_NOT_FOUND');
  });

  it.each<[string, () => ReturnType<typeof createTestKey>]>([
    ['an RSA-1024 key', () => createTestKey('RS256', { modulusLength: 1024 })],
    ['an RSA-2047 key', () => createTestKey('RS256', { modulusLength: 2047 })],
    ['a use: "enc" key', () => createTestKey('RS256', { jwk: { use: 'enc' } })],
    ['a key_ops: ["encrypt", "wrapKey"] key', () => createTestKey('RS256', { jwk: { use: undefined, key_ops: ['encrypt', 'wrapKey'] } })],
  ])('P9: never returns %s', async (_name, make) => {
    const weak = make();
    issuer.publish(weak);
    const keys = new RemoteKeySet(() => Promise.resolve(new URL(issuer.jwksUri)), options());

    const error = await keys.getKey('RS256', weak.kid).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as InvalidTokenError).code).toBe('ERR_TOKEN_KEY_NOT_FOUND');
    expect(keys.cachedKey('RS256', weak.kid)).toBeUndefined();
  });

  it('P9: returns a 2048-bit RSA key', async () => {
    const keys = new RemoteKeySet(() => Promise.resolve(new URL(issuer.jwksUri)), options());

    const key = await keys.getKey('RS256', issuer.signingKey('RS256').kid);

    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });
});
