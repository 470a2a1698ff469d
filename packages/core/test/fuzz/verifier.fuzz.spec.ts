import fc from 'fast-check';
import { AccessTokenVerifier, BatonError } from '../../src/index.js';
import { encodeSegment, TestIssuer } from '@baton/testing';
import { fuzzParameters, fuzzTimeout } from './fuzz-settings.js';

const AUDIENCE = 'eventcatalog';

/** Mutations an attacker can apply to a valid token's text. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), to: fc.constantFrom(...'AZaz09-_.=+/ ~!'.split('')) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 20 }) }),
  fc.record({ kind: fc.constant('swapSegments' as const), a: fc.nat(2), b: fc.nat(2) }),
  fc.record({ kind: fc.constant('replaceSegment' as const), index: fc.nat(2), text: fc.string({ unit: 'binary', maxLength: 60 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(token: string, change: Mutation): string {
  switch (change.kind) {
    case 'flip': {
      const at = change.at % token.length;
      return token.slice(0, at) + change.to + token.slice(at + 1);
    }
    case 'cut':
      return token.slice(0, change.at % token.length);
    case 'insert': {
      const at = change.at % (token.length + 1);
      return token.slice(0, at) + change.text + token.slice(at);
    }
    case 'swapSegments': {
      const parts = token.split('.');
      [parts[change.a], parts[change.b]] = [parts[change.b] as string, parts[change.a] as string];
      return parts.join('.');
    }
    case 'replaceSegment': {
      const parts = token.split('.');
      parts[change.index] = change.text;
      return parts.join('.');
    }
  }
}

/** Claim values of every JSON type, for claims a token must carry with the right type (C3). */
const jsonValue = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double({ noNaN: false }), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), fc.object({ maxDepth: 1 }));

describe('fuzz: access-token verification', () => {
  let issuer: TestIssuer;
  let verifier: AccessTokenVerifier;
  let valid: string[];

  beforeAll(async () => {
    issuer = await TestIssuer.start({ algorithms: ['ES256', 'RS256'], audience: AUDIENCE });
    verifier = new AccessTokenVerifier({ issuer: issuer.issuer, audience: AUDIENCE, verifiedTokenCache: false });
    valid = await Promise.all([
      issuer.mint({ sub: 'alice', scope: 'eventcatalog.read' }, { alg: 'ES256' }),
      issuer.mint({ sub: 'bob', scope: 'eventcatalog.write', act: { sub: 'shoppingbasket' } }, { alg: 'RS256' }),
    ]);
    for (const token of valid) await verifier.verify(token);
  });

  afterAll(async () => {
    await issuer.close();
  });

  it('P1–P8: a mutated token is refused with a 4xx BatonError, never a 5xx or a crash; only the minted bytes pass', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (which, changes) => {
        const original = valid[which] as string;
        const token = changes.reduce(mutate, original);
        try {
          const principal = await verifier.verify(token);
          // Accepted: it must be a validly minted token, unchanged (a mutation that cancels out).
          expect(token).toBe(original);
          expect(principal.audience).toContain(AUDIENCE);
        } catch (error) {
          expect(error).toBeInstanceOf(BatonError);
          expect((error as BatonError).status).toBeGreaterThanOrEqual(400);
          expect((error as BatonError).status).toBeLessThan(500);
          if (token.length >= 24) expect(JSON.stringify(error)).not.toContain(token);
          expect((error as BatonError).message).not.toContain(original.split('.')[1] as string);
        }
      }),
      fuzzParameters(1500),
    );
  }, fuzzTimeout(1500));

  it('P7/P8: arbitrary text of any length is refused with 401 invalid_token', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.stringMatching(/^[A-Za-z0-9_-]{0,60}\.[A-Za-z0-9_-]{0,200}\.[A-Za-z0-9_-]{0,90}$/)), async (token) => {
        await expect(verifier.verify(token)).rejects.toMatchObject({ status: 401, error: 'invalid_token' });
      }),
      fuzzParameters(1500),
    );
  }, fuzzTimeout(1500));

  it('C1–C3: validly signed tokens with claims of any type are either accepted with well-typed claims or refused with 401 invalid_token', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ iss: jsonValue, aud: jsonValue, exp: jsonValue, nbf: jsonValue, iat: jsonValue, sub: jsonValue, scope: jsonValue, client_id: jsonValue, act: jsonValue }, { requiredKeys: [] }),
        async (claims) => {
          const token = await issuer.mint(claims);
          try {
            const principal = await verifier.verify(token);
            expect(principal.issuer).toBe(issuer.issuer);
            expect(principal.audience).toContain(AUDIENCE);
            expect(Number.isFinite(principal.expiresAt)).toBe(true);
            expect(principal.expiresAt * 1000).toBeGreaterThan(Date.now() - 10_000);
            if (principal.subject !== undefined) expect(typeof principal.subject).toBe('string');
          } catch (error) {
            expect(error).toBeInstanceOf(BatonError);
            expect(error).toMatchObject({ status: 401, error: 'invalid_token' });
          }
        },
      ),
      fuzzParameters(400),
    );
  }, fuzzTimeout(400));

  it('P3/P5: any JOSE header a forger can write is refused unless it is the issuer\'s own valid header', async () => {
    const header = fc.record(
      { alg: fc.oneof(fc.constantFrom('none', 'HS256', 'ES256', 'RS256', 'PS256', 'EdDSA', 'ES512'), jsonValue), typ: fc.oneof(fc.constantFrom('at+jwt', 'JWT', 'application/at+jwt'), jsonValue), kid: jsonValue, crit: jsonValue, b64: jsonValue, jku: jsonValue, x5u: jsonValue, jwk: jsonValue },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(header, async (overrides) => {
        const [, payload, signature] = (valid[0] as string).split('.');
        const forged = `${encodeSegment(overrides)}.${payload}.${signature}`;
        await expect(verifier.verify(forged)).rejects.toMatchObject({ status: 401, error: 'invalid_token' });
      }),
      fuzzParameters(800),
    );
  }, fuzzTimeout(800));
});
