import { createServer, type Server } from 'node:http';
import { sign as cryptoSign } from 'node:crypto';
import { createTestKey, encodeSegment, signWithKey, tamperPayload, TestIssuer, type TestKey, type TestKeyAlgorithm } from '@baton/testing';
import { BatonError } from '../errors/baton-error.js';
import { InsufficientScopeError } from '../errors/insufficient-scope.error.js';
import { InvalidTokenError, type InvalidTokenReason } from '../errors/invalid-token.error.js';
import { assertScopes, scopeRequirement } from '../scope/scope-requirement.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import type { AccessTokenVerifierOptions } from './access-token-verifier-options.js';
import { outcomeOf, type Outcome } from '../errors/outcome.test-helpers.js';

const AUDIENCE = 'eventcatalog';

const DESCRIPTIONS: Record<InvalidTokenReason, string> = {
  ERR_TOKEN_MALFORMED: 'The access token is malformed',
  ERR_TOKEN_TOO_LARGE: 'The access token is too large',
  ERR_TOKEN_ALG_NOT_ALLOWED: 'The access token is signed with an algorithm that is not allowed',
  ERR_TOKEN_HEADER_UNSUPPORTED: 'The access token uses an unsupported JOSE header',
  ERR_TOKEN_TYPE: 'The token is not an access token',
  ERR_TOKEN_SIGNATURE: 'The access token signature is invalid',
  ERR_TOKEN_KEY_NOT_FOUND: 'No key of the issuer matches the access token',
  ERR_TOKEN_ISSUER: 'The access token issuer is not trusted',
  ERR_TOKEN_AUDIENCE: 'The access token is not meant for this service',
  ERR_TOKEN_EXPIRED: 'The access token expired',
  ERR_TOKEN_NOT_YET_VALID: 'The access token is not valid yet',
  ERR_TOKEN_CLAIM_INVALID: 'The access token has an invalid claim',
  ERR_TOKEN_EXCHANGE_REFUSED: 'The authorization server refused to exchange the access token',
};


/** What a refused token must produce: 401 `invalid_token` with the fixed description of `code`. */
function invalidToken(code: InvalidTokenReason): Outcome {
  return {
    name: 'InvalidTokenError',
    code,
    status: 401,
    error: 'invalid_token',
    wwwAuthenticate: `Bearer error="invalid_token", error_description="${DESCRIPTIONS[code]}"`,
  };
}

/** The outcome of a verification that must fail; any non-Baton error (a would-be 500) fails the test. */
async function refusal(verification: Promise<unknown>): Promise<Outcome> {
  try {
    await verification;
  } catch (error) {
    return outcomeOf(error);
  }
  throw new Error('expected the token to be refused');
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Pins Date.now() to the middle of the current second (restored after each test by Jest's restoreMocks). */
function pinClock(): number {
  const seconds = nowSeconds();
  jest.spyOn(Date, 'now').mockReturnValue(seconds * 1000 + 500);
  return seconds;
}

/** Signs arbitrary segments with `key`, for tokens `mint` cannot shape (invalid UTF-8, non-JSON…). */
function signSegments(headerSegment: string, payloadSegment: string, key: TestKey, alg: TestKeyAlgorithm = key.alg): string {
  const signingInput = `${headerSegment}.${payloadSegment}`;
  return `${signingInput}.${encodeSegment(signWithKey(key, alg, signingInput))}`;
}

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url of `value` as JSON, padded with spaces to a byte length ≡ `bytesMod3` (mod 3): a segment of length 4n, 4n+2 or 4n+3. */
function jsonSegment(value: unknown, bytesMod3: 0 | 1 | 2): string {
  let text = JSON.stringify(value);
  while (Buffer.byteLength(text) % 3 !== bytesMod3) text += ' ';
  return encodeSegment(text);
}

/** The segment with every unused low bit of its last character set (lengths 4n+2 and 4n+3 only); lenient decoders read the same bytes. */
function withUnusedBitsSet(segment: string): string {
  const unused = segment.length % 4 === 2 ? 0b1111 : 0b11;
  const last = BASE64URL_ALPHABET.indexOf(segment.at(-1)!);
  return `${segment.slice(0, -1)}${BASE64URL_ALPHABET[last | unused]}`;
}

/** An HTTP server on 127.0.0.1 that counts every request it gets, whatever the path (P4). */
async function startTrap(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Generating a dozen RSA keys can take seconds on a busy CI machine. */
const SETUP_TIMEOUT = 30_000;

const ALGORITHMS: TestKeyAlgorithm[] = ['ES256', 'RS256', 'RS384', 'RS512', 'PS256', 'ES384', 'ES512', 'EdDSA'];

/** Keys published before the verifier first fetches the JWKS (its cooldown then keeps it from refetching). */
const WEIRD_KIDS = ['__proto__', 'constructor', 'toString', '../../../../etc/passwd', 'a b"c\\d', 'ES256', '', 'clé-🔑', '<script>alert(1)</script>', 'x'.repeat(10_000)];

describe('AccessTokenVerifier', () => {
  let issuer: TestIssuer;
  let attacker: TestIssuer;
  let trap: Awaited<ReturnType<typeof startTrap>>;
  let verifier: AccessTokenVerifier;
  let weirdKeys: TestKey[];
  let weakRsa: TestKey;
  let encryptionKey: TestKey;
  let encryptOpsKey: TestKey;
  let verifyOpsKey: TestKey;
  let privateJwkKey: TestKey;
  let rsaWithoutAlg: TestKey;
  let wrongCurveKey: TestKey;

  const options = (overrides: Partial<AccessTokenVerifierOptions> = {}): AccessTokenVerifierOptions => ({
    issuer: { issuer: issuer.issuer, jwksUri: issuer.jwksUri },
    audience: AUDIENCE,
    ...overrides,
  });
  const key = (alg: TestKeyAlgorithm): TestKey => issuer.signingKey(alg);

  beforeAll(async () => {
    [issuer, attacker, trap] = await Promise.all([
      TestIssuer.start({ algorithms: ALGORITHMS, audience: AUDIENCE }),
      TestIssuer.start({ audience: AUDIENCE }),
      startTrap(),
    ]);
    weirdKeys = WEIRD_KIDS.map((kid) => createTestKey('ES256', { kid }));
    weakRsa = createTestKey('RS256', { modulusLength: 1024 });
    encryptionKey = createTestKey('ES256', { jwk: { use: 'enc' } });
    encryptOpsKey = createTestKey('ES256', { jwk: { use: undefined, key_ops: ['encrypt'] } });
    verifyOpsKey = createTestKey('ES256', { jwk: { use: undefined, key_ops: ['verify'] } });
    rsaWithoutAlg = createTestKey('RS256', { jwk: { alg: undefined } });
    wrongCurveKey = createTestKey('ES256', { jwk: { alg: 'ES384' } });
    const leaky = createTestKey('ES256');
    privateJwkKey = { ...leaky, publicJwk: { ...leaky.publicJwk, d: leaky.privateKey.export({ format: 'jwk' }).d } };
    for (const extra of [...weirdKeys, weakRsa, encryptionKey, encryptOpsKey, verifyOpsKey, privateJwkKey, rsaWithoutAlg, wrongCurveKey]) {
      issuer.publish(extra);
    }
    // Large enough for the 10,000-character kid (the default limit is tested on its own), and a
    // cooldown longer than this file runs, so that any JWKS fetch counted below is a real defect.
    verifier = new AccessTokenVerifier(options({ maxTokenLength: 32_768, jwks: { cooldown: 600_000 } }));
    await verifier.verify(await issuer.mint());
  }, SETUP_TIMEOUT);

  afterAll(async () => {
    await Promise.all([issuer.close(), attacker.close(), trap.close()]);
  });

  describe('valid tokens', () => {
    it.each(ALGORITHMS)('P3: accepts a %s token signed with the published key', async (alg) => {
      const token = await issuer.mint({ scope: 'eventcatalog.read' }, { alg });

      const principal = await verifier.verify(token);

      expect(principal.issuer).toBe(issuer.issuer);
      expect(principal.subject).toBe('user-1');
      expect(principal.clientId).toBe('test-client');
      expect(principal.audience).toEqual([AUDIENCE]);
      expect([...principal.scopes]).toEqual(['eventcatalog.read']);
    });

    it('C2: returns the verified claims as the principal', async () => {
      const now = nowSeconds();
      const token = await issuer.mint({ sub: 'alice', jti: 'jti-1', exp: now + 120, act: { sub: 'svc-a', client_id: 'svc-a' } });

      expect(await verifier.verify(token)).toEqual({
        subject: 'alice',
        clientId: 'test-client',
        scopes: new Set(),
        audience: [AUDIENCE],
        issuer: issuer.issuer,
        expiresAt: now + 120,
        tokenId: 'jti-1',
        actor: { subject: 'svc-a', clientId: 'svc-a', issuer: undefined, actor: undefined },
        claims: expect.objectContaining({ sub: 'alice', jti: 'jti-1' }),
      });
    });
  });

  describe('P1: alg none', () => {
    const spellings = ['none', 'None', 'NONE', 'nOnE'];

    it.each(spellings)('P1: alg %j with an empty signature → 401 invalid_token', async (alg) => {
      const token = await issuer.mint({}, { header: { alg }, signature: 'none' });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_MALFORMED'));
    });

    it.each(spellings)('P1: alg %j with a non-empty signature → 401 invalid_token', async (alg) => {
      const token = await issuer.mint({}, { header: { alg }, signature: { raw: Buffer.from('not a signature') } });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_ALG_NOT_ALLOWED'));
    });

    it.each(spellings)('P1: alg %j over a genuine ES256 signature → 401 invalid_token', async (alg) => {
      const token = await issuer.mint({}, { header: { alg } });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_ALG_NOT_ALLOWED'));
    });

    it.each(spellings)('P1: alg %j without kid or typ, signature stripped → 401 invalid_token', async (alg) => {
      const token = await issuer.mint({}, { header: { alg, kid: undefined, typ: undefined }, signature: 'none' });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_MALFORMED'));
    });

    it('P1: a verifier with accessTokenProfile off refuses alg none all the same', async () => {
      const lax = new AccessTokenVerifier(options({ accessTokenProfile: false }));
      const token = await issuer.mint({}, { header: { alg: 'none', typ: 'JWT' }, signature: { raw: Buffer.from([0]) } });

      expect(await refusal(lax.verify(token))).toEqual(invalidToken('ERR_TOKEN_ALG_NOT_ALLOWED'));
    });
  });

  describe('P2: algorithm confusion (HMAC keyed with the public key)', () => {
    const secrets: ReadonlyArray<readonly [string, TestKeyAlgorithm, (key: TestKey) => string | Buffer]> = [
      ['the RSA SPKI PEM', 'RS256', (k) => k.publicKey.export({ type: 'spki', format: 'pem' })],
      ['the RSA PKCS#1 PEM', 'RS256', (k) => k.publicKey.export({ type: 'pkcs1', format: 'pem' })],
      ['the RSA PEM without its final newline', 'RS256', (k) => String(k.publicKey.export({ type: 'spki', format: 'pem' })).trimEnd()],
      ['the RSA SPKI DER bytes', 'RS256', (k) => k.publicKey.export({ type: 'spki', format: 'der' })],
      ['the RSA public JWK JSON', 'RS256', (k) => JSON.stringify(k.publicJwk)],
      ['the EC SPKI PEM', 'ES256', (k) => k.publicKey.export({ type: 'spki', format: 'pem' })],
      ['the EC public JWK JSON', 'ES256', (k) => JSON.stringify(k.publicJwk)],
      ['the Ed25519 SPKI PEM', 'EdDSA', (k) => k.publicKey.export({ type: 'spki', format: 'pem' })],
    ];
    const cases = secrets.flatMap(([name, alg, secret]) =>
      (['HS256', 'HS384', 'HS512'] as const).map((hmac) => [hmac, name, alg, secret] as const),
    );

    it.each(cases)('P2: rejects %s signed with %s', async (hmac, _name, alg, secret) => {
      const token = await issuer.mint({}, { alg, header: { alg: hmac }, signature: { hmacSecret: secret(key(alg)), alg: hmac } });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_ALG_NOT_ALLOWED'));
    });

    it('P2: rejects HS256 keyed with the PEM even without a kid', async () => {
      const pem = key('RS256').publicKey.export({ type: 'spki', format: 'pem' });
      const token = await issuer.mint({}, { alg: 'RS256', header: { alg: 'HS256', kid: undefined }, signature: { hmacSecret: pem } });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_ALG_NOT_ALLOWED'));
    });

    it('P2: a confused token causes no JWKS fetch', async () => {
      const before = issuer.jwksRequests;
      const pem = key('ES256').publicKey.export({ type: 'spki', format: 'pem' });
      await refusal(verifier.verify(await issuer.mint({}, { header: { alg: 'HS256' }, signature: { hmacSecret: pem } })));

      expect(issuer.jwksRequests).toBe(before);
    });
  });

  describe('P3: algorithm allow-list and key fit', () => {
    it.each<[string, TestKeyAlgorithm, readonly string[]]>([
      ['RS256 when only ES256 is allowed', 'RS256', ['ES256']],
      ['ES256 when only RS256 is allowed', 'ES256', ['RS256']],
      ['PS256 when only RS256 is allowed', 'PS256', ['RS256']],
      ['EdDSA when only ES256 and RS256 are allowed', 'EdDSA', ['ES256', 'RS256']],
      ['ES512 when only ES256 is allowed', 'ES512', ['ES256']],
    ])('P3: refuses %s, though validly signed', async (_name, alg, algorithms) => {
      const strict = new AccessTokenVerifier(options({ algorithms: algorithms as AccessTokenVerifierOptions['algorithms'] }));

      expect(await refusal(strict.verify(await issuer.mint({}, { alg })))).toEqual(invalidToken('ERR_TOKEN_ALG_NOT_ALLOWED'));
    });

    it('P3: applies an issuer-level allow-list', async () => {
      const strict = new AccessTokenVerifier({ issuer: { issuer: issuer.issuer, jwksUri: issuer.jwksUri, algorithms: ['ES256'] }, audience: AUDIENCE });

      expect(await strict.verify(await issuer.mint({}, { alg: 'ES256' }))).toMatchObject({ issuer: issuer.issuer });
      expect(await refusal(strict.verify(await issuer.mint({}, { alg: 'RS256' })))).toEqual(invalidToken('ERR_TOKEN_ALG_NOT_ALLOWED'));
    });

    it.each<[string, unknown]>([
      ['lower case "es256"', 'es256'],
      ['with a trailing space', 'ES256 '],
      ['an unknown name', 'ES257'],
      ['RSA-OAEP (an encryption algorithm)', 'RSA-OAEP'],
      ['a number', 256],
      ['an array', ['ES256']],
      ['null', null],
      ['an empty string', ''],
      ['"__proto__"', '__proto__'],
    ])('P3: refuses alg %s', async (_name, alg) => {
      const token = await issuer.mint({}, { header: { alg } });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_ALG_NOT_ALLOWED'));
    });

    it('P3: refuses a header with no alg at all', async () => {
      const token = await issuer.mint({}, { header: { alg: undefined } });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_ALG_NOT_ALLOWED'));
    });

    it.each<[string, TestKeyAlgorithm, string]>([
      ['ES256 header with the RSA kid', 'RS256', 'ES256'],
      ['RS256 header with the EC kid', 'ES256', 'RS256'],
      ['PS256 header with the EC kid', 'ES256', 'PS256'],
      ['ES384 header with the P-256 kid', 'ES256', 'ES384'],
      ['ES256 header with the P-521 kid', 'ES512', 'ES256'],
      ['EdDSA header with the EC kid', 'ES256', 'EdDSA'],
      ['ES256 header with the Ed25519 kid', 'EdDSA', 'ES256'],
      ['PS256 header with an RS256-only kid', 'RS256', 'PS256'],
      ['RS384 header with an RS256-only kid', 'RS256', 'RS384'],
      ['Ed25519 header with an EdDSA-only kid', 'EdDSA', 'Ed25519'],
    ])('P3: refuses %s (no key fits the algorithm)', async (_name, signingAlg, headerAlg) => {
      const token = await issuer.mint({}, { alg: signingAlg, header: { alg: headerAlg } });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_KEY_NOT_FOUND'));
    });

    it('P3: refuses an ES256 token whose kid names a JWK declared for ES384', async () => {
      const token = await issuer.mint({}, { key: wrongCurveKey, alg: 'ES256' });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_KEY_NOT_FOUND'));
    });

    it('P3: an RSA JWK without alg verifies PS256, and an RS256 header over a PSS signature fails', async () => {
      const pss = await issuer.mint({}, { key: rsaWithoutAlg, alg: 'PS256' });
      const relabelled = `${encodeSegment({ alg: 'RS256', typ: 'at+jwt', kid: rsaWithoutAlg.kid })}.${pss.split('.').slice(1).join('.')}`;

      expect(await verifier.verify(pss)).toMatchObject({ issuer: issuer.issuer });
      expect(await refusal(verifier.verify(relabelled))).toEqual(invalidToken('ERR_TOKEN_SIGNATURE'));
    });
  });

  describe('P4: key-carrying headers are never used', () => {
    let rogue: TestKey;

    beforeAll(() => {
      rogue = createTestKey('ES256');
      attacker.publish(rogue);
    });

    type Urls = { trap: string; attacker: string };
    const rogueHeaders: ReadonlyArray<readonly [string, (urls: Urls) => Record<string, unknown>]> = [
      ['jwk (the signer’s own public key)', () => ({ jwk: rogue.publicJwk })],
      ['jku to a counting server', (urls) => ({ jku: `${urls.trap}/jwks.json` })],
      ['jku to the attacker’s JWKS', (urls) => ({ jku: urls.attacker })],
      ['x5u to a counting server', (urls) => ({ x5u: `${urls.trap}/cert.pem` })],
      ['x5c with the signer’s key', () => ({ x5c: [rogue.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')] })],
      ['jwk, jku, x5u and x5c together', (urls) => ({ jwk: rogue.publicJwk, jku: `${urls.trap}/a`, x5u: `${urls.trap}/b`, x5c: ['AAAA'] })],
    ];

    it.each(rogueHeaders)('P4: a token signed by an outside key with %s is refused without any fetch', async (_name, header) => {
      const count = () => ({ issuer: issuer.jwksRequests, attacker: attacker.jwksRequests + attacker.discoveryRequests, trap: trap.hits() });
      const before = count();
      const token = await issuer.mint({}, { key: rogue, header: header({ trap: trap.url, attacker: attacker.jwksUri }) });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_KEY_NOT_FOUND'));
      expect(count()).toEqual(before);
    });

    it('P4: an embedded jwk next to the genuine kid does not replace the configured key', async () => {
      const token = await issuer.mint({}, { key: rogue, header: { kid: key('ES256').kid, jwk: rogue.publicJwk } });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_SIGNATURE'));
    });

    it('P4: jku pointing at the issuer’s own JWKS path causes no extra fetch', async () => {
      const before = issuer.jwksRequests;
      const token = await issuer.mint({}, { key: rogue, header: { jku: issuer.jwksUri } });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_KEY_NOT_FOUND'));
      expect(issuer.jwksRequests).toBe(before);
    });

    it.each<[string, (urls: { trap: string }) => Record<string, unknown>]>([
      ['jku', ({ trap: url }) => ({ jku: `${url}/jwks.json` })],
      ['x5u', ({ trap: url }) => ({ x5u: `${url}/cert.pem` })],
      ['jwk', () => ({ jwk: rogue.publicJwk })],
      ['x5c', () => ({ x5c: ['MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'] })],
    ])('P4: a genuine token carrying %s is verified with the configured key only', async (_name, header) => {
      const before = trap.hits();
      const token = await issuer.mint({}, { header: header({ trap: trap.url }) });

      expect(await verifier.verify(token)).toMatchObject({ issuer: issuer.issuer, subject: 'user-1' });
      expect(trap.hits()).toBe(before);
    });

    it('P4: a kid that is a URL is only a lookup key', async () => {
      const before = trap.hits();
      const token = await issuer.mint({}, { key: rogue, header: { kid: `${trap.url}/jwks.json` } });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_KEY_NOT_FOUND'));
      expect(trap.hits()).toBe(before);
    });
  });

  describe('P5: kid is only a lookup key', () => {
    it.each(WEIRD_KIDS.map((kid, index) => [kid.length > 40 ? `${kid.slice(0, 10)}… (${kid.length} characters)` : JSON.stringify(kid), index] as const))(
      'P5: a published key with kid %s verifies its tokens',
      async (_label, index) => {
        const token = await issuer.mint({ sub: `weird-${index}` }, { key: weirdKeys[index]! });

        expect((await verifier.verify(token)).subject).toBe(`weird-${index}`);
      },
    );

    it.each<[string, string]>([
      ['10,000 characters', 'q'.repeat(10_000)],
      ['"hasOwnProperty"', 'hasOwnProperty'],
      ['"valueOf"', 'valueOf'],
      ['"ES256 " (the internal cache-key spelling)', 'ES256 '],
      ['CR LF and quotes', 'k"\r\nX-Injected: 1'],
      ['a NUL byte', 'k\0'],
      ['a path traversal not published', '../../keys/admin'],
    ])('P5: an unknown kid of %s → 401 invalid_token', async (_name, kid) => {
      const token = await issuer.mint({}, { key: createTestKey('ES256', { kid }) });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_KEY_NOT_FOUND'));
    });

    it.each<[string, unknown]>([
      ['a number', 42],
      ['null', null],
      ['an object', { toString: 'x' }],
      ['an array', ['kid']],
      ['a boolean', true],
    ])('P5: a kid that is %s → 401 invalid_token (malformed)', async (_name, kid) => {
      const token = await issuer.mint({}, { header: { kid } });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_MALFORMED'));
    });

    it('P5: a flood of unknown kids within the cooldown causes no JWKS fetch', async () => {
      const before = issuer.jwksRequests;
      const tokens = await Promise.all(Array.from({ length: 100 }, (_, i) => issuer.mint({}, { key: createTestKey('EdDSA', { kid: `flood-${i}` }), alg: 'EdDSA' })));

      const outcomes = await Promise.all(tokens.map((token) => refusal(verifier.verify(token))));

      expect(new Set(outcomes.map((outcome) => outcome.code))).toEqual(new Set(['ERR_TOKEN_KEY_NOT_FOUND']));
      expect(issuer.jwksRequests).toBe(before);
    });

    it('P5: a token too long for the default limit is refused before any parsing', async () => {
      const defaults = new AccessTokenVerifier(options());
      const token = await issuer.mint({}, { key: createTestKey('ES256', { kid: 'z'.repeat(20_000) }) });

      expect(await refusal(defaults.verify(token))).toEqual(invalidToken('ERR_TOKEN_TOO_LARGE'));
    });
  });

  describe('P6: tampering and broken signatures', () => {
    it.each<[string, (claims: Record<string, unknown>) => Record<string, unknown>]>([
      ['a scope added', (claims) => ({ ...claims, scope: 'admin' })],
      ['another subject', (claims) => ({ ...claims, sub: 'admin' })],
      ['a later exp', (claims) => ({ ...claims, exp: Number(claims['exp']) + 86_400 })],
      ['another audience', (claims) => ({ ...claims, aud: 'billing' })],
      ['an act claim added', (claims) => ({ ...claims, act: { sub: 'svc' } })],
      ['the same claims re-serialised in another order', (claims) => Object.fromEntries(Object.entries(claims).reverse())],
    ])('P6: rejects a payload with %s', async (_name, change) => {
      const token = tamperPayload(await issuer.mint(), change);

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_SIGNATURE'));
    });

    it.each(['ES256', 'RS256', 'PS256', 'EdDSA'] as const)('P6: rejects a tampered %s token', async (alg) => {
      const token = tamperPayload(await issuer.mint({}, { alg }), (claims) => ({ ...claims, scope: 'admin' }));

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_SIGNATURE'));
    });

    it('P6: rejects a header changed after signing', async () => {
      const [, payload, signature] = (await issuer.mint()).split('.');
      const header = encodeSegment({ alg: 'ES256', typ: 'application/at+jwt', kid: key('ES256').kid });

      expect(await refusal(verifier.verify(`${header}.${payload}.${signature}`))).toEqual(invalidToken('ERR_TOKEN_SIGNATURE'));
    });

    it('P6: rejects a signature moved from another valid token', async () => {
      const [h1, p1] = (await issuer.mint({ sub: 'alice' })).split('.');
      const [, , s2] = (await issuer.mint({ sub: 'bob' })).split('.');

      expect(await refusal(verifier.verify(`${h1}.${p1}.${s2}`))).toEqual(invalidToken('ERR_TOKEN_SIGNATURE'));
    });

    it('P6: rejects a token signed by another key under the published kid', async () => {
      const impostor = createTestKey('ES256', { kid: key('ES256').kid });

      expect(await refusal(verifier.verify(await issuer.mint({}, { key: impostor })))).toEqual(invalidToken('ERR_TOKEN_SIGNATURE'));
    });

    it('P6: rejects a stripped signature', async () => {
      const [header, payload] = (await issuer.mint()).split('.');

      expect(await refusal(verifier.verify(`${header}.${payload}.`))).toEqual(invalidToken('ERR_TOKEN_MALFORMED'));
    });

    it.each<[string, TestKeyAlgorithm, (signature: Buffer) => Buffer]>([
      ['ES256, one byte short', 'ES256', (s) => s.subarray(0, -1)],
      ['ES256, cut in half', 'ES256', (s) => s.subarray(0, s.length / 2)],
      ['ES256, a single byte', 'ES256', (s) => s.subarray(0, 1)],
      ['ES256, one zero byte longer', 'ES256', (s) => Buffer.concat([s, Buffer.alloc(1)])],
      ['RS256, one byte short', 'RS256', (s) => s.subarray(0, -1)],
      ['RS256, four bytes short', 'RS256', (s) => s.subarray(0, -4)],
      ['RS256, cut in half', 'RS256', (s) => s.subarray(0, s.length / 2)],
      ['PS256, cut in half', 'PS256', (s) => s.subarray(0, s.length / 2)],
      ['EdDSA, one byte short', 'EdDSA', (s) => s.subarray(0, -1)],
      ['ES512, cut in half', 'ES512', (s) => s.subarray(0, s.length / 2)],
    ])('P6: rejects a truncated signature (%s)', async (_name, alg, cut) => {
      const [header, payload, signature] = (await issuer.mint({}, { alg })).split('.');
      const truncated = cut(Buffer.from(signature!, 'base64url')).toString('base64url');

      expect(await refusal(verifier.verify(`${header}.${payload}.${truncated}`))).toEqual(invalidToken('ERR_TOKEN_SIGNATURE'));
    });

    it.each<[string, TestKeyAlgorithm, (signature: string) => string]>([
      ['ES256, one character short (length 4n+1)', 'ES256', (s) => s.slice(0, -1)],
      ['RS256, one character short (length 4n+1)', 'RS256', (s) => s.slice(0, -1)],
      ['EdDSA, last character with unused bits set', 'EdDSA', (s) => `${s.slice(0, -1)}${s.endsWith('B') ? 'C' : 'B'}`],
    ])('P6: rejects a signature that is not canonical base64url (%s)', async (_name, alg, cut) => {
      const [header, payload, signature] = (await issuer.mint({}, { alg })).split('.');

      expect(await refusal(verifier.verify(`${header}.${payload}.${cut(signature!)}`))).toEqual(invalidToken('ERR_TOKEN_MALFORMED'));
    });

    it.each<[string, TestKeyAlgorithm, (key: TestKey, signingInput: string) => Buffer]>([
      ['ES256 as DER (not r||s)', 'ES256', (k, input) => cryptoSign('sha256', Buffer.from(input), { key: k.privateKey, dsaEncoding: 'der' })],
      ['ES384 as DER', 'ES384', (k, input) => cryptoSign('sha384', Buffer.from(input), { key: k.privateKey, dsaEncoding: 'der' })],
      ['ES256 of 64 zero bytes (r = s = 0)', 'ES256', () => Buffer.alloc(64)],
      ['ES256 of 64 0xFF bytes (r, s ≥ n)', 'ES256', () => Buffer.alloc(64, 0xff)],
      ['ES256 with r and s swapped', 'ES256', (k, input) => {
        const sig = signWithKey(k, 'ES256', input);
        return Buffer.concat([sig.subarray(32), sig.subarray(0, 32)]);
      }],
      ['ES256 with a leading zero byte (65 bytes)', 'ES256', (k, input) => Buffer.concat([Buffer.alloc(1), signWithKey(k, 'ES256', input)])],
      ['ES512 of the ES256 length', 'ES512', (k, input) => signWithKey(k, 'ES512', input).subarray(0, 64)],
      ['RS256 with a leading zero byte (257 bytes)', 'RS256', (k, input) => Buffer.concat([Buffer.alloc(1), signWithKey(k, 'RS256', input)])],
      ['RS256 of 256 zero bytes', 'RS256', () => Buffer.alloc(256)],
      ['RS256 equal to the modulus length of 0xFF (above the modulus)', 'RS256', () => Buffer.alloc(256, 0xff)],
      ['EdDSA with one bit flipped', 'EdDSA', (k, input) => {
        const sig = signWithKey(k, 'EdDSA', input);
        sig[10] = sig[10]! ^ 1;
        return sig;
      }],
    ])('P6: rejects a malformed signature: %s', async (_name, alg, forge) => {
      const signingKey = key(alg);
      const header = encodeSegment({ alg, typ: 'at+jwt', kid: signingKey.kid });
      const payload = encodeSegment({ iss: issuer.issuer, aud: AUDIENCE, sub: 'user-1', exp: nowSeconds() + 300 });
      const token = `${header}.${payload}.${encodeSegment(forge(signingKey, `${header}.${payload}`))}`;

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_SIGNATURE'));
    });

    it('P6: a cached token does not make a one-character variant pass', async () => {
      const token = await issuer.mint();
      await verifier.verify(token);
      const variant = tamperPayload(token, (claims) => ({ ...claims, sub: 'user-2' }));

      expect(await refusal(verifier.verify(variant))).toEqual(invalidToken('ERR_TOKEN_SIGNATURE'));
    });
  });

  describe('P7: malformed tokens (never a 5xx)', () => {
    const claims = (): Record<string, unknown> => ({ iss: issuer.issuer, aud: AUDIENCE, sub: 'user-1', exp: nowSeconds() + 300 });
    const header = (): Record<string, unknown> => ({ alg: 'ES256', typ: 'at+jwt', kid: key('ES256').kid });

    it.each<[string, string]>([
      ['an empty string', ''],
      ['a single space', ' '],
      ['"null"', 'null'],
      ['"undefined"', 'undefined'],
      ['two dots', '..'],
      ['a JSON object', '{"alg":"none"}'],
      ['random text', 'hello world'],
    ])('P7: rejects %s', async (_name, token) => {
      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_MALFORMED'));
    });

    it.each<[string, (parts: string[]) => string]>([
      ['two segments', ([h, p]) => `${h}.${p}`],
      ['four segments', ([h, p, s]) => `${h}.${p}.${s}.${s}`],
      ['five segments', ([h, p, s]) => `${h}.${p}.${s}.${s}.${s}`],
      ['"=" padding on the payload', ([h, p, s]) => `${h}.${p}=.${s}`],
      ['"+" in the header', ([h, p, s]) => `+${h!.slice(1)}.${p}.${s}`],
      ['"/" in the signature', ([h, p, s]) => `${h}.${p}.${s!.slice(0, -1)}/`],
      ['a space inside the payload', ([h, p, s]) => `${h}.${p!.slice(0, 5)} ${p!.slice(5)}.${s}`],
      ['leading whitespace', ([h, p, s]) => ` ${h}.${p}.${s}`],
      ['trailing newline', ([h, p, s]) => `${h}.${p}.${s}\n`],
      ['standard base64 of the payload', ([h, p, s]) => `${h}.${Buffer.from(p!, 'base64url').toString('base64')}.${s}`],
    ])('P7: rejects a token with %s', async (_name, reshape) => {
      // "ÿÿÿÿÿÿ" and ">>>>>>" make standard base64 differ from base64url ("/" and "+") at any alignment.
      const parts = (await issuer.mint({ name: 'ÿÿÿÿÿÿ>>>>>>' })).split('.');
      const token = reshape(parts);

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_MALFORMED'));
    });

    it.each<[string, 'header' | 'payload', string | Buffer]>([
      ['a non-JSON header', 'header', 'alg=ES256'],
      ['a JSON array header', 'header', '[{"alg":"ES256"}]'],
      ['a null header', 'header', 'null'],
      ['a number header', 'header', '256'],
      ['a string header', 'header', '"ES256"'],
      ['a header with invalid UTF-8', 'header', Buffer.from([0x7b, 0x22, 0x61, 0xff, 0x22, 0x3a, 0x31, 0x7d])],
      ['a non-JSON payload', 'payload', 'sub=user-1'],
      ['a JSON array payload', 'payload', '[]'],
      ['a null payload', 'payload', 'null'],
      ['a number payload', 'payload', '1700000000'],
      ['a boolean payload', 'payload', 'true'],
      ['a payload with invalid UTF-8', 'payload', Buffer.concat([Buffer.from('{"sub":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])],
      ['a payload with an overlong UTF-8 sequence', 'payload', Buffer.concat([Buffer.from('{"sub":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')])],
      ['a truncated JSON payload', 'payload', '{"iss":"https://a'],
    ])('P7: rejects %s, even when validly signed', async (_name, part, content) => {
      const headerSegment = part === 'header' ? encodeSegment(content) : encodeSegment(header());
      const payloadSegment = part === 'payload' ? encodeSegment(content) : encodeSegment(claims());

      expect(await refusal(verifier.verify(signSegments(headerSegment, payloadSegment, key('ES256'))))).toEqual(invalidToken('ERR_TOKEN_MALFORMED'));
    });

    it('P7: a token of exactly maxTokenLength is read; one character more is refused as too large', async () => {
      const token = await issuer.mint();
      const exact = new AccessTokenVerifier(options({ maxTokenLength: token.length }));
      const short = new AccessTokenVerifier(options({ maxTokenLength: token.length - 1 }));

      expect(await exact.verify(token)).toMatchObject({ subject: 'user-1' });
      expect(await refusal(short.verify(token))).toEqual(invalidToken('ERR_TOKEN_TOO_LARGE'));
    });

    it('P7: a megabyte of garbage is refused as too large', async () => {
      expect(await refusal(verifier.verify('a'.repeat(1_000_000)))).toEqual(invalidToken('ERR_TOKEN_TOO_LARGE'));
    });

    it.each<[string, 'header' | 'payload', (value: unknown) => string]>([
      ['a header of length 4n+1', 'header', (value) => `${jsonSegment(value, 0)}A`],
      ['a header with unused bits set (length 4n+2)', 'header', (value) => withUnusedBitsSet(jsonSegment(value, 1))],
      ['a header with unused bits set (length 4n+3)', 'header', (value) => withUnusedBitsSet(jsonSegment(value, 2))],
      ['a payload of length 4n+1', 'payload', (value) => `${jsonSegment(value, 0)}A`],
      ['a payload with unused bits set (length 4n+2)', 'payload', (value) => withUnusedBitsSet(jsonSegment(value, 1))],
      ['a payload with unused bits set (length 4n+3)', 'payload', (value) => withUnusedBitsSet(jsonSegment(value, 2))],
    ])('P7: rejects %s (non-canonical base64url), even when validly signed', async (_name, part, spell) => {
      const headerSegment = part === 'header' ? spell(header()) : encodeSegment(header());
      const payloadSegment = part === 'payload' ? spell(claims()) : encodeSegment(claims());

      expect(await refusal(verifier.verify(signSegments(headerSegment, payloadSegment, key('ES256'))))).toEqual(invalidToken('ERR_TOKEN_MALFORMED'));
    });

    it.each<TestKeyAlgorithm>(['ES256', 'EdDSA', 'RS256'])(
      'P7: a valid %s token has exactly one spelling: of the 16 last signature characters with the same significant bits, only the original verifies',
      async (alg) => {
        const token = await issuer.mint({}, { alg });
        const signature = token.slice(token.lastIndexOf('.') + 1);
        expect(signature.length % 4).toBe(2);
        const significant = BASE64URL_ALPHABET.indexOf(token.at(-1)!) & 0b110000;
        const spellings = Array.from({ length: 16 }, (_, low) => `${token.slice(0, -1)}${BASE64URL_ALPHABET[significant | low]}`);

        const outcomes: string[] = [];
        for (const spelling of spellings) {
          outcomes.push(await verifier.verify(spelling).then(() => 'verified', (error: unknown) => (error as BatonError).code));
        }

        expect(outcomes).toEqual(spellings.map((spelling) => (spelling === token ? 'verified' : 'ERR_TOKEN_MALFORMED')));
      },
    );
  });

  describe('P8: crit, b64, JWE and nested JWTs', () => {
    it.each<[string, Record<string, unknown>]>([
      ['crit naming an unknown extension', { crit: ['urn:example:must-understand'], 'urn:example:must-understand': 1 }],
      ['crit naming exp', { crit: ['exp'], exp: 1 }],
      ['an empty crit list', { crit: [] }],
      ['b64: false (unencoded payload)', { b64: false, crit: ['b64'] }],
      ['b64: false without crit', { b64: false }],
      ['cty: JWT (nested)', { cty: 'JWT' }],
      ['cty: jwt (nested)', { cty: 'jwt' }],
      ['cty: application/jwt (nested, full media type)', { cty: 'application/jwt' }],
      ['cty: APPLICATION/JWT (nested, full media type)', { cty: 'APPLICATION/JWT' }],
    ])('P8: rejects a validly signed token with %s', async (_name, extra) => {
      const token = await issuer.mint({}, { header: extra });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_HEADER_UNSUPPORTED'));
    });

    it('P8: cty json is not a nested JWT: such a token verifies, while the same token with cty application/jwt is refused', async () => {
      expect(await verifier.verify(await issuer.mint({}, { header: { cty: 'json' } }))).toMatchObject({ subject: 'user-1' });
      expect(await refusal(verifier.verify(await issuer.mint({}, { header: { cty: 'application/jwt' } })))).toEqual(invalidToken('ERR_TOKEN_HEADER_UNSUPPORTED'));
    });

    it('P8: rejects a JWE (five segments)', async () => {
      const jwe = [{ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: key('RS256').kid }, 'encrypted-key', 'iv', 'ciphertext', 'tag'].map((part) => encodeSegment(part)).join('.');

      expect(await refusal(verifier.verify(jwe))).toEqual(invalidToken('ERR_TOKEN_MALFORMED'));
    });

    it('P8: rejects a three-segment token with a JWE header', async () => {
      const token = await issuer.mint({}, { header: { alg: 'RSA-OAEP', enc: 'A256GCM' } });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_ALG_NOT_ALLOWED'));
    });

    it('P8: rejects a nested JWT whose payload is a signed access token', async () => {
      const inner = await issuer.mint();
      const outerHeader = encodeSegment({ alg: 'ES256', typ: 'at+jwt', cty: 'JWT', kid: key('ES256').kid });

      expect(await refusal(verifier.verify(signSegments(outerHeader, encodeSegment(inner), key('ES256'))))).toEqual(invalidToken('ERR_TOKEN_MALFORMED'));
    });
  });

  describe('P9: weak and non-signing keys', () => {
    it('P9: refuses a token signed by a published RSA-1024 key', async () => {
      expect(await refusal(verifier.verify(await issuer.mint({}, { key: weakRsa, alg: 'RS256' })))).toEqual(invalidToken('ERR_TOKEN_KEY_NOT_FOUND'));
    });

    it('P9: refuses the RSA-1024 key for PS256 too', async () => {
      const token = await issuer.mint({}, { key: weakRsa, alg: 'PS256', header: { alg: 'PS256' } });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken('ERR_TOKEN_KEY_NOT_FOUND'));
    });

    it('P9: refuses a key published with use: "enc"', async () => {
      expect(await refusal(verifier.verify(await issuer.mint({}, { key: encryptionKey })))).toEqual(invalidToken('ERR_TOKEN_KEY_NOT_FOUND'));
    });

    it('P9: refuses a key published with key_ops: ["encrypt"]', async () => {
      expect(await refusal(verifier.verify(await issuer.mint({}, { key: encryptOpsKey })))).toEqual(invalidToken('ERR_TOKEN_KEY_NOT_FOUND'));
    });

    it('P9: refuses a JWKS member that is a private key', async () => {
      expect(await refusal(verifier.verify(await issuer.mint({}, { key: privateJwkKey })))).toEqual(invalidToken('ERR_TOKEN_KEY_NOT_FOUND'));
    });

    it('P9: accepts a key published with key_ops: ["verify"] and no use', async () => {
      expect(await verifier.verify(await issuer.mint({}, { key: verifyOpsKey }))).toMatchObject({ subject: 'user-1' });
    });

    it('P9: accepts the 2048-bit RSA key (the minimum)', async () => {
      expect(key('RS256').publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
      expect(await verifier.verify(await issuer.mint({}, { alg: 'RS256' }))).toMatchObject({ subject: 'user-1' });
    });
  });

  describe('C1: typ', () => {
    it.each(['at+jwt', 'application/at+jwt', 'AT+JWT', 'Application/AT+JWT', 'At+Jwt'])('C1: accepts typ %j', async (typ) => {
      expect(await verifier.verify(await issuer.mint({}, { header: { typ } }))).toMatchObject({ subject: 'user-1' });
    });

    it.each<[string, unknown]>([
      ['JWT (an ID token)', 'JWT'],
      ['jwt', 'jwt'],
      ['application/jwt', 'application/jwt'],
      ['at+jwt with a trailing space', 'at+jwt '],
      ['at+jwt with parameters', 'application/at+jwt; charset=utf-8'],
      ['a prefix', 'at+jw'],
      ['JOSE', 'JOSE'],
      ['an empty string', ''],
      ['a number', 1],
      ['an array', ['at+jwt']],
      ['null', null],
    ])('C1: refuses typ %s', async (_name, typ) => {
      expect(await refusal(verifier.verify(await issuer.mint({}, { header: { typ } })))).toEqual(invalidToken('ERR_TOKEN_TYPE'));
    });

    it('C1: refuses a token with no typ', async () => {
      expect(await refusal(verifier.verify(await issuer.mint({}, { header: { typ: undefined } })))).toEqual(invalidToken('ERR_TOKEN_TYPE'));
    });

    it('C1: refuses an ID token presented as an access token', async () => {
      const idToken = await issuer.mint({ nonce: 'n-0S6_WzA2Mj', auth_time: nowSeconds() }, { header: { typ: 'JWT' } });

      expect(await refusal(verifier.verify(idToken))).toEqual(invalidToken('ERR_TOKEN_TYPE'));
    });

    it.each<[string, unknown]>([
      ['JWT', 'JWT'],
      ['no typ', undefined],
      ['at+jwt', 'at+jwt'],
    ])('C1: with the profile off, accepts typ %s', async (_name, typ) => {
      const lax = new AccessTokenVerifier(options({ accessTokenProfile: false }));

      expect(await lax.verify(await issuer.mint({}, { header: { typ } }))).toMatchObject({ subject: 'user-1' });
    });

    it('C1: the profile can be turned off for one issuer only', async () => {
      const lax = new AccessTokenVerifier({
        issuer: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri, accessTokenProfile: false }, { issuer: attacker.issuer, jwksUri: attacker.jwksUri }],
        audience: AUDIENCE,
      });

      expect(await lax.verify(await issuer.mint({}, { header: { typ: 'JWT' } }))).toMatchObject({ issuer: issuer.issuer });
      expect(await refusal(lax.verify(await attacker.mint({}, { header: { typ: 'JWT' } })))).toEqual(invalidToken('ERR_TOKEN_TYPE'));
    });

    it('C1: with the profile off, the other checks still apply', async () => {
      const lax = new AccessTokenVerifier(options({ accessTokenProfile: false }));
      const token = tamperPayload(await issuer.mint({}, { header: { typ: 'JWT' } }), (claims) => ({ ...claims, scope: 'admin' }));

      expect(await refusal(lax.verify(token))).toEqual(invalidToken('ERR_TOKEN_SIGNATURE'));
    });
  });

  describe('C2: iss and aud', () => {
    it.each<[string, (iss: string) => unknown, InvalidTokenReason]>([
      ['with a trailing slash', (iss) => `${iss}/`, 'ERR_TOKEN_ISSUER'],
      ['in upper case', (iss) => iss.toUpperCase(), 'ERR_TOKEN_ISSUER'],
      ['as https instead of http', (iss) => iss.replace('http:', 'https:'), 'ERR_TOKEN_ISSUER'],
      ['with localhost for 127.0.0.1', (iss) => iss.replace('127.0.0.1', 'localhost'), 'ERR_TOKEN_ISSUER'],
      ['with an extra path', (iss) => `${iss}/realms/other`, 'ERR_TOKEN_ISSUER'],
      ['with surrounding spaces', (iss) => ` ${iss} `, 'ERR_TOKEN_ISSUER'],
      ['with an empty fragment', (iss) => `${iss}#`, 'ERR_TOKEN_ISSUER'],
      ['missing', () => undefined, 'ERR_TOKEN_ISSUER'],
      ['empty', () => '', 'ERR_TOKEN_ISSUER'],
      ['an array holding the right issuer', (iss) => [iss], 'ERR_TOKEN_CLAIM_INVALID'],
      ['a number', () => 1, 'ERR_TOKEN_CLAIM_INVALID'],
      ['null', () => null, 'ERR_TOKEN_CLAIM_INVALID'],
      ['an object', (iss) => ({ iss }), 'ERR_TOKEN_CLAIM_INVALID'],
    ])('C2: refuses an iss %s', async (_name, iss, code) => {
      const token = await issuer.mint({ iss: iss(issuer.issuer) });

      expect(await refusal(verifier.verify(token))).toEqual(invalidToken(code));
    });

    it('C2: refuses an untrusted issuer without contacting it', async () => {
      const before = attacker.jwksRequests + attacker.discoveryRequests;

      expect(await refusal(verifier.verify(await attacker.mint()))).toEqual(invalidToken('ERR_TOKEN_ISSUER'));
      expect(attacker.jwksRequests + attacker.discoveryRequests).toBe(before);
    });

    it.each<[string, unknown]>([
      ['a string', AUDIENCE],
      ['an array holding it', ['billing', AUDIENCE]],
      ['an array holding only it', [AUDIENCE]],
    ])('C2: accepts aud as %s', async (_name, aud) => {
      expect(await verifier.verify(await issuer.mint({ aud }))).toMatchObject({ audience: Array.isArray(aud) ? aud : [aud] });
    });

    it.each<[string, unknown, InvalidTokenReason]>([
      ['missing', undefined, 'ERR_TOKEN_AUDIENCE'],
      ['another service', 'billing', 'ERR_TOKEN_AUDIENCE'],
      ['an array of other services', ['billing', 'ticketing'], 'ERR_TOKEN_AUDIENCE'],
      ['a different case', 'EventCatalog', 'ERR_TOKEN_AUDIENCE'],
      ['the audience as a substring', 'eventcatalog-admin', 'ERR_TOKEN_AUDIENCE'],
      ['an empty string', '', 'ERR_TOKEN_CLAIM_INVALID'],
      ['an empty array', [], 'ERR_TOKEN_CLAIM_INVALID'],
      ['an array with an empty string', [AUDIENCE, ''], 'ERR_TOKEN_CLAIM_INVALID'],
      ['a number', 7, 'ERR_TOKEN_CLAIM_INVALID'],
    ])('C2: refuses aud %s', async (_name, aud, code) => {
      expect(await refusal(verifier.verify(await issuer.mint({ aud })))).toEqual(invalidToken(code));
    });

    it('C2: accepts any of several configured audiences', async () => {
      const multi = new AccessTokenVerifier(options({ audience: ['billing', AUDIENCE] }));

      expect(await multi.verify(await issuer.mint({ aud: 'billing' }))).toMatchObject({ audience: ['billing'] });
    });
  });

  describe('C3: claims of the wrong JSON type', () => {
    it.each<[string, Record<string, unknown>]>([
      ['exp as a string', { exp: String(nowSeconds() + 300) }],
      ['exp as null', { exp: null }],
      ['nbf as a string', { nbf: '0' }],
      ['iat as a boolean', { iat: true }],
      ['scope as a number', { scope: 42 }],
      ['scope as an array', { scope: ['eventcatalog.read'] }],
      ['sub as a number', { sub: 1234 }],
      ['client_id as an object', { client_id: { id: 'x' } }],
      ['jti as a number', { jti: 1 }],
      ['scp as an object', { scp: { read: true } }],
      ['act as a string', { act: 'svc-a' }],
      ['act as an array', { act: [{ sub: 'svc-a' }] }],
      ['aud as an object', { aud: { [AUDIENCE]: true } }],
    ])('C3: refuses %s', async (_name, claims) => {
      expect(await refusal(verifier.verify(await issuer.mint(claims)))).toEqual(invalidToken('ERR_TOKEN_CLAIM_INVALID'));
    });

    it('C3: refuses exp missing altogether', async () => {
      expect(await refusal(verifier.verify(await issuer.mint({ exp: undefined })))).toEqual(invalidToken('ERR_TOKEN_CLAIM_INVALID'));
    });

    it.each<[string, Record<string, unknown>]>([
      ['act: { sub: 7 }', { sub: 7 }],
      ['act: { client_id: [] }', { client_id: [] }],
      ["act: { sub: 'a', act: { iss: 1 } } (nested)", { sub: 'a', act: { iss: 1 } }],
    ])('C3: refuses a bad member inside act (%s), naming the claim "act"', async (_name, act) => {
      const error = await verifier.verify(await issuer.mint({ act })).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(InvalidTokenError);
      expect(error).toMatchObject({ code: 'ERR_TOKEN_CLAIM_INVALID', claim: 'act', status: 401 });
    });

    it('C3: refuses an act chain deeper than maxActorDepth', async () => {
      const shallow = new AccessTokenVerifier(options({ maxActorDepth: 2 }));
      const act = { sub: 'c', act: { sub: 'b', act: { sub: 'a' } } };

      expect(await refusal(shallow.verify(await issuer.mint({ act })))).toEqual(invalidToken('ERR_TOKEN_CLAIM_INVALID'));
    });
  });

  describe('C4: time claims at the boundary (clock pinned)', () => {
    let tolerance0: AccessTokenVerifier;
    let tolerance5: AccessTokenVerifier;
    let defaults: AccessTokenVerifier;
    let maxAge60: AccessTokenVerifier;

    beforeAll(() => {
      tolerance0 = new AccessTokenVerifier(options({ clockTolerance: 0 }));
      tolerance5 = new AccessTokenVerifier(options({ clockTolerance: 5 }));
      defaults = new AccessTokenVerifier(options());
      maxAge60 = new AccessTokenVerifier(options({ clockTolerance: 0, maxTokenAge: 60 }));
    });

    const pick = (name: string): AccessTokenVerifier =>
      ({ tolerance0, tolerance5, defaults, maxAge60 })[name as 'tolerance0' | 'tolerance5' | 'defaults' | 'maxAge60'];

    it.each<[string, string, (now: number) => Record<string, unknown>]>([
      ['exp = now + 1 at tolerance 0', 'tolerance0', (now) => ({ exp: now + 1, iat: now })],
      ['exp = now - 4 at tolerance 5', 'tolerance5', (now) => ({ exp: now - 4, iat: now - 60 })],
      ['exp = now - 4 at the default tolerance', 'defaults', (now) => ({ exp: now - 4, iat: now - 60 })],
      ['nbf = now at tolerance 0', 'tolerance0', (now) => ({ nbf: now })],
      ['nbf = now + 5 at tolerance 5', 'tolerance5', (now) => ({ nbf: now + 5 })],
      ['iat = now + 5 at tolerance 5', 'tolerance5', (now) => ({ iat: now + 5 })],
      ['iat = now + 5 at the default tolerance', 'defaults', (now) => ({ iat: now + 5 })],
      ['iat = now - 60 with maxTokenAge 60', 'maxAge60', (now) => ({ iat: now - 60 })],
    ])('C4: accepts %s', async (_name, verifierName, claims) => {
      const now = pinClock();

      expect(await pick(verifierName).verify(await issuer.mint(claims(now)))).toMatchObject({ subject: 'user-1' });
    });

    it.each<[string, string, (now: number) => Record<string, unknown>, InvalidTokenReason]>([
      ['exp = now at tolerance 0', 'tolerance0', (now) => ({ exp: now, iat: now - 60 }), 'ERR_TOKEN_EXPIRED'],
      ['exp = now - 1 at tolerance 0', 'tolerance0', (now) => ({ exp: now - 1, iat: now - 60 }), 'ERR_TOKEN_EXPIRED'],
      ['exp = now - 5 at tolerance 5', 'tolerance5', (now) => ({ exp: now - 5, iat: now - 60 }), 'ERR_TOKEN_EXPIRED'],
      ['exp = now - 5 at the default tolerance', 'defaults', (now) => ({ exp: now - 5, iat: now - 60 }), 'ERR_TOKEN_EXPIRED'],
      ['exp an hour ago', 'tolerance5', (now) => ({ exp: now - 3_600, iat: now - 7_200 }), 'ERR_TOKEN_EXPIRED'],
      ['nbf = now + 1 at tolerance 0', 'tolerance0', (now) => ({ nbf: now + 1 }), 'ERR_TOKEN_NOT_YET_VALID'],
      ['nbf = now + 6 at tolerance 5', 'tolerance5', (now) => ({ nbf: now + 6 }), 'ERR_TOKEN_NOT_YET_VALID'],
      ['iat = now + 1 at tolerance 0', 'tolerance0', (now) => ({ iat: now + 1 }), 'ERR_TOKEN_NOT_YET_VALID'],
      ['iat = now + 6 at the default tolerance', 'defaults', (now) => ({ iat: now + 6 }), 'ERR_TOKEN_NOT_YET_VALID'],
      ['iat a day ahead', 'tolerance5', (now) => ({ iat: now + 86_400, exp: now + 90_000 }), 'ERR_TOKEN_NOT_YET_VALID'],
      ['iat = now - 61 with maxTokenAge 60', 'maxAge60', (now) => ({ iat: now - 61 }), 'ERR_TOKEN_EXPIRED'],
      ['no iat with maxTokenAge 60', 'maxAge60', () => ({ iat: undefined }), 'ERR_TOKEN_CLAIM_INVALID'],
    ])('C4: refuses %s', async (_name, verifierName, claims, code) => {
      const now = pinClock();

      expect(await refusal(pick(verifierName).verify(await issuer.mint(claims(now))))).toEqual(invalidToken(code));
    });

    it.each<[string, Partial<AccessTokenVerifierOptions>, number, number]>([
      // [case, options, iat relative to now, last second (after now) the token is still accepted]
      ['iat = now, maxTokenAge 60, tolerance 0', { clockTolerance: 0, maxTokenAge: 60 }, 0, 60],
      ['iat = now - 59 when first verified, maxTokenAge 60, tolerance 0', { clockTolerance: 0, maxTokenAge: 60 }, -59, 1],
      ['iat = now, maxTokenAge 60, tolerance 5', { clockTolerance: 5, maxTokenAge: 60 }, 0, 65],
    ])('C4: a verified, cached token with exp a day away is refused once maxTokenAge has passed (%s)', async (_name, rules, iatOffset, lastAccepted) => {
      const now = pinClock();
      const strict = new AccessTokenVerifier(options(rules));
      const token = await issuer.mint({ iat: now + iatOffset, exp: now + 86_400 });
      await strict.verify(token);
      const cached = await strict.verify(token); // the second verification stores it
      const moveClockTo = (second: number): void => {
        jest.spyOn(Date, 'now').mockReturnValue((now + second) * 1000 + 500);
      };

      moveClockTo(lastAccepted);
      expect(strict.verifyFromCache(token)).toBe(cached);
      expect(await strict.verify(token)).toBe(cached);

      moveClockTo(lastAccepted + 1);
      expect(strict.verifyFromCache(token)).toBeUndefined();
      expect(await refusal(strict.verify(token))).toEqual(invalidToken('ERR_TOKEN_EXPIRED'));
      expect(await refusal(strict.verify(token))).toEqual(invalidToken('ERR_TOKEN_EXPIRED'));
    });
  });

  describe('C5: several issuers', () => {
    let alpha: TestIssuer;
    let beta: TestIssuer;
    let both: AccessTokenVerifier;
    let alphaOnly: AccessTokenVerifier;

    beforeAll(async () => {
      [alpha, beta] = await Promise.all([TestIssuer.start({ audience: AUDIENCE }), TestIssuer.start({ audience: AUDIENCE })]);
      both = new AccessTokenVerifier({
        issuer: [
          { issuer: alpha.issuer, jwksUri: alpha.jwksUri },
          { issuer: beta.issuer, jwksUri: beta.jwksUri },
        ],
        audience: AUDIENCE,
      });
      alphaOnly = new AccessTokenVerifier({ issuer: { issuer: alpha.issuer, jwksUri: alpha.jwksUri }, audience: AUDIENCE });
      await Promise.all([both.verify(await alpha.mint()), both.verify(await beta.mint()), alphaOnly.verify(await alpha.mint())]);
    });

    afterAll(async () => {
      await Promise.all([alpha.close(), beta.close()]);
    });

    it('C5: accepts each configured issuer’s own tokens', async () => {
      expect((await both.verify(await alpha.mint())).issuer).toBe(alpha.issuer);
      expect((await both.verify(await beta.mint())).issuer).toBe(beta.issuer);
    });

    it('C5: refuses issuer B’s token when only A is trusted, without fetching B’s keys', async () => {
      const before = beta.jwksRequests + beta.discoveryRequests;

      expect(await refusal(alphaOnly.verify(await beta.mint()))).toEqual(invalidToken('ERR_TOKEN_ISSUER'));
      expect(beta.jwksRequests + beta.discoveryRequests).toBe(before);
    });

    it('C5: refuses a token claiming iss A signed with B’s key (B’s kid)', async () => {
      const forged = await beta.mint({ iss: alpha.issuer });

      expect(await refusal(both.verify(forged))).toEqual(invalidToken('ERR_TOKEN_KEY_NOT_FOUND'));
    });

    it('C5: refuses a token claiming iss A signed with B’s key under A’s kid', async () => {
      const forged = await beta.mint({ iss: alpha.issuer }, { header: { kid: alpha.signingKey().kid } });

      expect(await refusal(both.verify(forged))).toEqual(invalidToken('ERR_TOKEN_SIGNATURE'));
    });

    it('C5: refuses a token claiming iss A signed with B’s key and no kid', async () => {
      const forged = await beta.mint({ iss: alpha.issuer }, { header: { kid: undefined } });

      expect(await refusal(both.verify(forged))).toEqual(invalidToken('ERR_TOKEN_SIGNATURE'));
    });

    it('C5: refuses a token claiming iss B signed with A’s key', async () => {
      const forged = await alpha.mint({ iss: beta.issuer });

      expect(await refusal(both.verify(forged))).toEqual(invalidToken('ERR_TOKEN_KEY_NOT_FOUND'));
    });

    it('C5: refuses B’s key even when A’s alone is trusted and the kid is A’s', async () => {
      const forged = await beta.mint({ iss: alpha.issuer }, { header: { kid: alpha.signingKey().kid } });

      expect(await refusal(alphaOnly.verify(forged))).toEqual(invalidToken('ERR_TOKEN_SIGNATURE'));
    });

    it('C5: a kid-less token of a single-key issuer verifies with that issuer’s key', async () => {
      expect((await both.verify(await beta.mint({}, { header: { kid: undefined } }))).issuer).toBe(beta.issuer);
    });
  });

  describe('Z4: scopes of a verified token', () => {
    const requirement = scopeRequirement(['eventcatalog.read']);

    it.each<[string, Record<string, unknown>]>([
      ['"readonly"', { scope: 'eventcatalog.readonly' }],
      ['"Read" in another case', { scope: 'eventcatalog.Read' }],
      ['a prefix', { scope: 'eventcatalog' }],
      ['no scope', {}],
      ['scp with a look-alike', { scp: ['eventcatalog.read.all'] }],
    ])('Z4: a token granting %s → 403 insufficient_scope naming eventcatalog.read', async (_name, claims) => {
      const principal = await verifier.verify(await issuer.mint(claims));
      let thrown: unknown;
      try {
        assertScopes(principal.scopes, [requirement]);
      } catch (error) {
        thrown = error;
      }

      expect(thrown).toBeInstanceOf(InsufficientScopeError);
      const error = thrown as InsufficientScopeError;
      expect({ code: error.code, status: error.status, error: error.error, wwwAuthenticate: error.wwwAuthenticate() }).toEqual({
        code: 'ERR_INSUFFICIENT_SCOPE',
        status: 403,
        error: 'insufficient_scope',
        wwwAuthenticate: 'Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="eventcatalog.read"',
      });
    });

    it.each<[string, Record<string, unknown>]>([
      ['in scope', { scope: 'openid eventcatalog.read' }],
      ['in scp as an array', { scp: ['eventcatalog.read'] }],
      ['in scp as a string', { scp: 'eventcatalog.read eventcatalog.write' }],
    ])('Z4: a token granting eventcatalog.read %s passes', async (_name, claims) => {
      const principal = await verifier.verify(await issuer.mint(claims));

      expect(() => assertScopes(principal.scopes, [requirement])).not.toThrow();
    });

    it.each<[string, Record<string, unknown>]>([
      ['with no scope claim either', {}],
      ['with scope: ""', { scope: '' }],
    ])('Z4: two tokens without scopes do not share one scopes Set (the second %s)', async (_name, claims) => {
      const first = await verifier.verify(await issuer.mint());
      const second = await verifier.verify(await issuer.mint(claims));

      expect(second.scopes).not.toBe(first.scopes);
      // Freezing the principal does not freeze a Set: a handler adding to one token's scopes
      // must not grant them to every other scope-less token.
      (first.scopes as Set<string>).add('eventcatalog.read');
      expect(() => assertScopes(second.scopes, [requirement])).toThrow(InsufficientScopeError);
    });

    it.each<[string, Record<string, unknown>]>([
      ['with a scope and an act claim', { scope: 'eventcatalog.read', act: { sub: 'svc-a' } }],
      ['with no scope', {}],
    ])('Z4: the principal returned, and the one served again from the cache, is frozen with its claims (%s)', async (_name, claims) => {
      const token = await issuer.mint(claims);
      await verifier.verify(token);
      const principal = await verifier.verify(token); // the second verification stores it
      const again = await verifier.verify(token);

      expect(again).toBe(principal);
      expect(Object.isFrozen(principal)).toBe(true);
      expect(Object.isFrozen(principal.claims)).toBe(true);
      expect(Reflect.set(principal, 'scopes', new Set(['eventcatalog.admin']))).toBe(false);
      expect(Reflect.set(principal.claims, 'scope', 'eventcatalog.admin')).toBe(false);
      expect((await verifier.verify(token)).claims['scope']).toBe(claims['scope']);
    });
  });

  describe('verified-token cache', () => {
    it('P6: a token is stored on its second verification and served from the cache from the third on', async () => {
      const token = await issuer.mint();

      const first = await verifier.verify(token);
      expect(verifier.verifyFromCache(token)).toBeUndefined();
      const second = await verifier.verify(token);

      expect(second).toEqual(first);
      expect(second).not.toBe(first);
      expect(verifier.verifyFromCache(token)).toBe(second);
      expect(await verifier.verify(token)).toBe(second);
    });

    it('P6: tokens each verified once are not stored, however many', async () => {
      const small = new AccessTokenVerifier(options({ verifiedTokenCache: { maxEntries: 4 } }));
      const tokens = await Promise.all(Array.from({ length: 12 }, () => issuer.mint()));

      for (const token of tokens) await small.verify(token);

      for (const token of tokens) expect(small.verifyFromCache(token)).toBeUndefined();
    });

    it('P6: a token seen again after more other tokens than the cache holds is verified afresh, and stored', async () => {
      const small = new AccessTokenVerifier(options({ verifiedTokenCache: { maxEntries: 4 } }));
      const token = await issuer.mint();
      const others = await Promise.all(Array.from({ length: 4 }, () => issuer.mint()));
      await small.verify(token);
      for (const other of others) await small.verify(other);

      const again = await small.verify(token);
      expect(small.verifyFromCache(token)).toBeUndefined();
      const third = await small.verify(token);

      expect(third).not.toBe(again);
      expect(small.verifyFromCache(token)).toBe(third);
    });

    it('P6: verifyFromCache never vouches for a token it has not verified, nor for a variant of a cached one', async () => {
      const token = await issuer.mint();
      await verifier.verify(token);
      await verifier.verify(token);
      const variant = tamperPayload(token, (claims) => ({ ...claims, sub: 'user-2' }));

      expect(verifier.verifyFromCache(token)).toMatchObject({ subject: 'user-1' });
      expect(verifier.verifyFromCache(variant)).toBeUndefined();
      expect(verifier.verifyFromCache(`${token} `)).toBeUndefined();
      expect(verifier.verifyFromCache(token.slice(0, -1))).toBeUndefined();
      expect(verifier.verifyFromCache(await issuer.mint())).toBeUndefined();
      expect(verifier.verifyFromCache('')).toBeUndefined();
      expect(await refusal(verifier.verify(variant))).toEqual(invalidToken('ERR_TOKEN_SIGNATURE'));
    });

    it('P5: verifyFromCache answers undefined, without throwing, for a token over maxTokenLength', () => {
      expect(verifier.verifyFromCache('x'.repeat(40_000))).toBeUndefined();
    });

    it('P6: with the cache off, each verification is done afresh', async () => {
      const uncached = new AccessTokenVerifier(options({ verifiedTokenCache: false }));
      const token = await issuer.mint();

      const first = await uncached.verify(token);
      const second = await uncached.verify(token);
      const third = await uncached.verify(token);

      expect(second).toEqual(first);
      expect(second).not.toBe(first);
      expect(third).not.toBe(second);
      expect(uncached.verifyFromCache(token)).toBeUndefined();
    });

    it('C4: a cached token still expires at its exp', async () => {
      const strict = new AccessTokenVerifier(options({ clockTolerance: 0 }));
      const token = await issuer.mint({ exp: nowSeconds() + 2 });
      await strict.verify(token);
      await strict.verify(token);
      expect(strict.verifyFromCache(token)).toMatchObject({ subject: 'user-1' });

      await new Promise((resolve) => setTimeout(resolve, 2_100));

      expect(strict.verifyFromCache(token)).toBeUndefined();
      expect(await refusal(strict.verify(token))).toEqual(invalidToken('ERR_TOKEN_EXPIRED'));
    });

    it('C4: a cached token still expires at its exp (clock moved, tolerance 5)', async () => {
      const strict = new AccessTokenVerifier(options({ clockTolerance: 5 }));
      const now = nowSeconds();
      const token = await issuer.mint({ exp: now + 10, iat: now });
      await strict.verify(token);
      const cached = await strict.verify(token);

      jest.spyOn(Date, 'now').mockReturnValue((now + 14) * 1000 + 999);
      expect(strict.verifyFromCache(token)).toBe(cached);
      expect(await strict.verify(token)).toBe(cached);

      jest.spyOn(Date, 'now').mockReturnValue((now + 15) * 1000);
      expect(strict.verifyFromCache(token)).toBeUndefined();
      expect(await refusal(strict.verify(token))).toEqual(invalidToken('ERR_TOKEN_EXPIRED'));
    });
  });
});
