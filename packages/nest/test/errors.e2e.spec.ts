import { sign } from 'node:crypto';
import { Controller, Get } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { createTestKey, encodeSegment, tamperPayload, TestIssuer, type TestKey } from '@baton/testing';
import request from 'supertest';
import { RequireScope } from '../src/index.js';
import {
  ADAPTERS,
  answerOf,
  authOptionsFor,
  AUDIENCE,
  createTestApp,
  invalidToken,
  TOKEN_ERRORS,
  type AdapterName,
  type ErrorAnswer,
} from './create-test-app.js';

@Controller('events')
class EventsController {
  @Get() @RequireScope('eventcatalog.read') list() {
    return [{ id: 1 }];
  }
}

/** Everything a case may need to forge its token. */
interface Forge {
  issuer: TestIssuer;
  /** Another authority, not trusted by the app. */
  other: TestIssuer;
  /** Not trusted; counts requests to its JWKS, which the `jku` and `x5u` headers name. */
  attacker: TestIssuer;
  attackerKey: TestKey;
  weakRsaKey: TestKey;
  encryptionKey: TestKey;
  /** Seconds since the epoch, read when a token is minted. */
  readonly now: number;
}

interface TokenCase {
  id: string;
  name: string;
  mint(forge: Forge): Promise<string> | string;
  expected: ErrorAnswer;
}

const read = { scope: 'eventcatalog.read' };
const withAlg = (alg: unknown) => ({ header: { alg } });

/** Replaces one segment of a compact token. */
function withSegment(token: string, index: number, segment: string): string {
  const parts = token.split('.');
  parts[index] = segment;
  return parts.join('.');
}

const CASES: TokenCase[] = [
  // P1: alg none, in any spelling, and empty signatures
  { id: 'P1', name: 'alg none with an empty signature', mint: ({ issuer }) => issuer.mint(read, { header: { alg: 'none' }, signature: 'none' }), expected: invalidToken(TOKEN_ERRORS.malformed) },
  { id: 'P1', name: 'alg None with an empty signature', mint: ({ issuer }) => issuer.mint(read, { header: { alg: 'None' }, signature: 'none' }), expected: invalidToken(TOKEN_ERRORS.malformed) },
  { id: 'P1', name: 'alg NONE with an empty signature', mint: ({ issuer }) => issuer.mint(read, { header: { alg: 'NONE' }, signature: 'none' }), expected: invalidToken(TOKEN_ERRORS.malformed) },
  { id: 'P1', name: 'alg nOnE with a real signature kept', mint: ({ issuer }) => issuer.mint(read, withAlg('nOnE')), expected: invalidToken(TOKEN_ERRORS.algNotAllowed) },
  { id: 'P1', name: 'alg none without kid nor typ', mint: ({ issuer }) => issuer.mint(read, { header: { alg: 'none', kid: undefined, typ: undefined }, signature: 'none' }), expected: invalidToken(TOKEN_ERRORS.malformed) },

  // P2: HMAC "signed" with the issuer's public key
  {
    id: 'P2',
    name: 'HS256 signed with the RS256 public key PEM',
    mint: ({ issuer }) => {
      const key = issuer.signingKey('RS256');
      const pem = key.publicKey.export({ type: 'spki', format: 'pem' });
      return issuer.mint(read, { header: { alg: 'HS256', kid: key.kid }, signature: { hmacSecret: pem } });
    },
    expected: invalidToken(TOKEN_ERRORS.algNotAllowed),
  },
  {
    id: 'P2',
    name: 'HS256 signed with the PKCS#1 PEM of the RS256 public key',
    mint: ({ issuer }) => {
      const key = issuer.signingKey('RS256');
      const pem = key.publicKey.export({ type: 'pkcs1', format: 'pem' });
      return issuer.mint(read, { header: { alg: 'HS256', kid: key.kid }, signature: { hmacSecret: pem } });
    },
    expected: invalidToken(TOKEN_ERRORS.algNotAllowed),
  },
  {
    id: 'P2',
    name: 'HS512 signed with the ES256 public JWK',
    mint: ({ issuer }) =>
      issuer.mint(read, { header: { alg: 'HS512' }, signature: { hmacSecret: JSON.stringify(issuer.signingKey('ES256').publicJwk), alg: 'HS512' } }),
    expected: invalidToken(TOKEN_ERRORS.algNotAllowed),
  },

  // P3: algorithms outside the allow-list or not matching the key
  { id: 'P3', name: 'EdDSA, published by the issuer but not allowed here', mint: ({ issuer }) => issuer.mint(read, { alg: 'EdDSA' }), expected: invalidToken(TOKEN_ERRORS.algNotAllowed) },
  { id: 'P3', name: 'alg es256 in lower case', mint: ({ issuer }) => issuer.mint(read, withAlg('es256')), expected: invalidToken(TOKEN_ERRORS.algNotAllowed) },
  { id: 'P3', name: 'alg with a trailing blank', mint: ({ issuer }) => issuer.mint(read, withAlg('ES256 ')), expected: invalidToken(TOKEN_ERRORS.algNotAllowed) },
  { id: 'P3', name: 'alg that is a number', mint: ({ issuer }) => issuer.mint(read, withAlg(256)), expected: invalidToken(TOKEN_ERRORS.algNotAllowed) },
  { id: 'P3', name: 'no alg at all', mint: ({ issuer }) => issuer.mint(read, withAlg(undefined)), expected: invalidToken(TOKEN_ERRORS.algNotAllowed) },
  { id: 'P3', name: 'ES384 (allowed) claimed for the ES256 key', mint: ({ issuer }) => issuer.mint(read, withAlg('ES384')), expected: invalidToken(TOKEN_ERRORS.keyNotFound) },
  { id: 'P3', name: 'RS256 (allowed) claimed for the ES256 key', mint: ({ issuer }) => issuer.mint(read, withAlg('RS256')), expected: invalidToken(TOKEN_ERRORS.keyNotFound) },

  // P4: keys carried by the token are never used
  {
    id: 'P4',
    name: 'an embedded jwk header with the signer\'s own key',
    mint: ({ issuer, attackerKey }) => issuer.mint(read, { key: attackerKey, header: { jwk: attackerKey.publicJwk } }),
    expected: invalidToken(TOKEN_ERRORS.keyNotFound),
  },
  {
    id: 'P4',
    name: 'a jku header pointing at another JWKS',
    mint: ({ issuer, attacker, attackerKey }) => issuer.mint(read, { key: attackerKey, header: { jku: attacker.jwksUri } }),
    expected: invalidToken(TOKEN_ERRORS.keyNotFound),
  },
  {
    id: 'P4',
    name: 'an x5u header pointing at another server',
    mint: ({ issuer, attacker, attackerKey }) => issuer.mint(read, { key: attackerKey, header: { x5u: attacker.jwksUri } }),
    expected: invalidToken(TOKEN_ERRORS.keyNotFound),
  },
  {
    id: 'P4',
    name: 'an x5c header and the kid of the issuer\'s key',
    mint: ({ issuer, attackerKey }) =>
      issuer.mint(read, { key: attackerKey, header: { kid: issuer.signingKey().kid, x5c: [encodeSegment('not a certificate')] } }),
    expected: invalidToken(TOKEN_ERRORS.signature),
  },

  // P5: kid is a lookup key only
  { id: 'P5', name: 'an unknown kid of 2,000 characters', mint: ({ issuer }) => issuer.mint(read, { header: { kid: 'k'.repeat(2_000) } }), expected: invalidToken(TOKEN_ERRORS.keyNotFound) },
  { id: 'P5', name: 'a kid that looks like a path', mint: ({ issuer }) => issuer.mint(read, { header: { kid: '../../../../etc/passwd' } }), expected: invalidToken(TOKEN_ERRORS.keyNotFound) },
  { id: 'P5', name: 'a kid that looks like SQL', mint: ({ issuer }) => issuer.mint(read, { header: { kid: "' OR 1=1 --" } }), expected: invalidToken(TOKEN_ERRORS.keyNotFound) },
  { id: 'P5', name: 'a kid that is an object', mint: ({ issuer }) => issuer.mint(read, { header: { kid: { $ne: null } } }), expected: invalidToken(TOKEN_ERRORS.malformed) },
  { id: 'P5', name: 'a kid of __proto__', mint: ({ issuer }) => issuer.mint(read, { header: { kid: '__proto__' } }), expected: invalidToken(TOKEN_ERRORS.keyNotFound) },

  // P6: signatures that do not match
  { id: 'P6', name: 'a tampered payload (scope raised) with the old signature', mint: async ({ issuer }) => tamperPayload(await issuer.mint({ scope: 'profile' }), (claims) => ({ ...claims, ...read })), expected: invalidToken(TOKEN_ERRORS.signature) },
  { id: 'P6', name: 'a tampered payload (sub changed)', mint: async ({ issuer }) => tamperPayload(await issuer.mint(read), (claims) => ({ ...claims, sub: 'admin' })), expected: invalidToken(TOKEN_ERRORS.signature) },
  { id: 'P6', name: 'a stripped signature', mint: async ({ issuer }) => withSegment(await issuer.mint(read), 2, ''), expected: invalidToken(TOKEN_ERRORS.malformed) },
  { id: 'P6', name: 'a truncated signature', mint: async ({ issuer }) => { const token = await issuer.mint(read); return token.slice(0, -10); }, expected: invalidToken(TOKEN_ERRORS.signature) },
  { id: 'P6', name: 'a signature of 64 zero bytes', mint: ({ issuer }) => issuer.mint(read, { signature: { raw: Buffer.alloc(64) } }), expected: invalidToken(TOKEN_ERRORS.signature) },
  {
    id: 'P6',
    name: 'a DER-encoded ECDSA signature instead of r||s',
    mint: async ({ issuer }) => {
      const token = await issuer.mint(read);
      const signingInput = token.slice(0, token.lastIndexOf('.'));
      return `${signingInput}.${encodeSegment(sign('sha256', Buffer.from(signingInput), { key: issuer.signingKey().privateKey, dsaEncoding: 'der' }))}`;
    },
    expected: invalidToken(TOKEN_ERRORS.signature),
  },
  { id: 'P6', name: 'the signature of another token', mint: async ({ issuer }) => withSegment(await issuer.mint(read), 2, (await issuer.mint(read)).split('.')[2]!), expected: invalidToken(TOKEN_ERRORS.signature) },

  // P7: not a compact JWS
  { id: 'P7', name: 'one segment', mint: () => 'garbage', expected: invalidToken(TOKEN_ERRORS.malformed) },
  { id: 'P7', name: 'two segments', mint: async ({ issuer }) => (await issuer.mint(read)).split('.').slice(0, 2).join('.'), expected: invalidToken(TOKEN_ERRORS.malformed) },
  { id: 'P7', name: 'four segments', mint: async ({ issuer }) => `${await issuer.mint(read)}.c2ln`, expected: invalidToken(TOKEN_ERRORS.malformed) },
  { id: 'P7', name: 'base64 "+" and "/" instead of base64url', mint: async ({ issuer }) => { const [h, p, s] = (await issuer.mint(read)).split('.'); return `${h}.${p}.${s!.replace(/[-_]/g, '+')}+/`; }, expected: invalidToken(TOKEN_ERRORS.malformed) },
  { id: 'P7', name: 'base64 padding on the signature', mint: async ({ issuer }) => `${await issuer.mint(read)}==`, expected: invalidToken(TOKEN_ERRORS.malformed) },
  { id: 'P7', name: 'a header that is not JSON', mint: async ({ issuer }) => withSegment(await issuer.mint(read), 0, encodeSegment('{"alg":"ES256"')), expected: invalidToken(TOKEN_ERRORS.malformed) },
  { id: 'P7', name: 'a header that is a JSON array', mint: async ({ issuer }) => withSegment(await issuer.mint(read), 0, encodeSegment(['ES256'])), expected: invalidToken(TOKEN_ERRORS.malformed) },
  { id: 'P7', name: 'a payload that is JSON null', mint: async ({ issuer }) => withSegment(await issuer.mint(read), 1, encodeSegment('null')), expected: invalidToken(TOKEN_ERRORS.malformed) },
  { id: 'P7', name: 'a payload that is a JSON string', mint: async ({ issuer }) => withSegment(await issuer.mint(read), 1, encodeSegment('"claims"')), expected: invalidToken(TOKEN_ERRORS.malformed) },
  { id: 'P7', name: 'a payload of invalid UTF-8', mint: async ({ issuer }) => withSegment(await issuer.mint(read), 1, encodeSegment(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]))), expected: invalidToken(TOKEN_ERRORS.malformed) },
  { id: 'P7', name: 'an empty header segment', mint: async ({ issuer }) => withSegment(await issuer.mint(read), 0, ''), expected: invalidToken(TOKEN_ERRORS.malformed) },

  // P8: JOSE features that are refused
  { id: 'P8', name: 'an unknown crit header', mint: ({ issuer }) => issuer.mint(read, { header: { crit: ['urn:example:policy'], 'urn:example:policy': 'x' } }), expected: invalidToken(TOKEN_ERRORS.headerUnsupported) },
  { id: 'P8', name: 'crit naming exp', mint: ({ issuer }) => issuer.mint(read, { header: { crit: ['exp'] } }), expected: invalidToken(TOKEN_ERRORS.headerUnsupported) },
  { id: 'P8', name: 'an unencoded payload (b64: false)', mint: ({ issuer }) => issuer.mint(read, { header: { b64: false, crit: ['b64'] } }), expected: invalidToken(TOKEN_ERRORS.headerUnsupported) },
  { id: 'P8', name: 'a nested JWT (cty: JWT)', mint: ({ issuer }) => issuer.mint(read, { header: { cty: 'JWT' } }), expected: invalidToken(TOKEN_ERRORS.headerUnsupported) },
  { id: 'P8', name: 'a 5-segment JWE', mint: () => `${encodeSegment({ alg: 'RSA-OAEP-256', enc: 'A256GCM', typ: 'at+jwt' })}.${encodeSegment('cek')}.${encodeSegment('iv')}.${encodeSegment('ciphertext')}.${encodeSegment('tag')}`, expected: invalidToken(TOKEN_ERRORS.malformed) },
  { id: 'P8', name: 'a direct-encryption JWE with an empty key segment', mint: () => `${encodeSegment({ alg: 'dir', enc: 'A256GCM' })}..${encodeSegment('iv')}.${encodeSegment('ciphertext')}.${encodeSegment('tag')}`, expected: invalidToken(TOKEN_ERRORS.malformed) },

  // P9: keys that must not be used
  { id: 'P9', name: 'a published 1024-bit RSA key', mint: ({ issuer, weakRsaKey }) => issuer.mint(read, { alg: 'RS256', key: weakRsaKey }), expected: invalidToken(TOKEN_ERRORS.keyNotFound) },
  { id: 'P9', name: 'a published key with use: enc', mint: ({ issuer, encryptionKey }) => issuer.mint(read, { key: encryptionKey }), expected: invalidToken(TOKEN_ERRORS.keyNotFound) },

  // C1: access tokens only
  { id: 'C1', name: 'typ JWT (an ID token)', mint: ({ issuer }) => issuer.mint({ ...read, nonce: 'n-0S6', auth_time: 1 }, { header: { typ: 'JWT' } }), expected: invalidToken(TOKEN_ERRORS.notAccessToken) },
  { id: 'C1', name: 'no typ', mint: ({ issuer }) => issuer.mint(read, { header: { typ: undefined } }), expected: invalidToken(TOKEN_ERRORS.notAccessToken) },
  { id: 'C1', name: 'typ at+jwt with a suffix', mint: ({ issuer }) => issuer.mint(read, { header: { typ: 'at+jwt2' } }), expected: invalidToken(TOKEN_ERRORS.notAccessToken) },
  { id: 'C1', name: 'typ logout+jwt', mint: ({ issuer }) => issuer.mint(read, { header: { typ: 'logout+jwt' } }), expected: invalidToken(TOKEN_ERRORS.notAccessToken) },

  // C2: issuer and audience
  { id: 'C2', name: 'a token for shoppingbasket refused by eventcatalog', mint: ({ issuer }) => issuer.mint({ ...read, aud: 'shoppingbasket' }), expected: invalidToken(TOKEN_ERRORS.audience) },
  { id: 'C2', name: 'an audience list without this service', mint: ({ issuer }) => issuer.mint({ ...read, aud: ['shoppingbasket', 'discount'] }), expected: invalidToken(TOKEN_ERRORS.audience) },
  { id: 'C2', name: 'an audience that differs in case', mint: ({ issuer }) => issuer.mint({ ...read, aud: 'EventCatalog' }), expected: invalidToken(TOKEN_ERRORS.audience) },
  { id: 'C2', name: 'no aud', mint: ({ issuer }) => issuer.mint({ ...read, aud: undefined }), expected: invalidToken(TOKEN_ERRORS.audience) },
  { id: 'C2', name: 'an empty aud', mint: ({ issuer }) => issuer.mint({ ...read, aud: '' }), expected: invalidToken(TOKEN_ERRORS.claimInvalid) },
  { id: 'C2', name: 'an empty aud list', mint: ({ issuer }) => issuer.mint({ ...read, aud: [] }), expected: invalidToken(TOKEN_ERRORS.claimInvalid) },
  { id: 'C2', name: 'an issuer that is not trusted', mint: ({ other }) => other.mint(read), expected: invalidToken(TOKEN_ERRORS.issuer) },
  { id: 'C2', name: 'the issuer with a trailing slash', mint: ({ issuer }) => issuer.mint({ ...read, iss: `${issuer.issuer}/` }), expected: invalidToken(TOKEN_ERRORS.issuer) },
  { id: 'C2', name: 'the issuer as https', mint: ({ issuer }) => issuer.mint({ ...read, iss: issuer.issuer.replace('http:', 'https:') }), expected: invalidToken(TOKEN_ERRORS.issuer) },
  { id: 'C2', name: 'no iss', mint: ({ issuer }) => issuer.mint({ ...read, iss: undefined }), expected: invalidToken(TOKEN_ERRORS.issuer) },
  { id: 'C2', name: 'an empty iss', mint: ({ issuer }) => issuer.mint({ ...read, iss: '' }), expected: invalidToken(TOKEN_ERRORS.issuer) },

  // C3: claims of the wrong JSON type
  { id: 'C3', name: 'iss as an array', mint: ({ issuer }) => issuer.mint({ ...read, iss: [issuer.issuer] }), expected: invalidToken(TOKEN_ERRORS.claimInvalid) },
  { id: 'C3', name: 'exp as a string', mint: ({ issuer, now }) => issuer.mint({ ...read, exp: String(now + 300) }), expected: invalidToken(TOKEN_ERRORS.claimInvalid) },
  { id: 'C3', name: 'exp as null', mint: ({ issuer }) => issuer.mint({ ...read, exp: null }), expected: invalidToken(TOKEN_ERRORS.claimInvalid) },
  { id: 'C3', name: 'nbf as a string', mint: ({ issuer, now }) => issuer.mint({ ...read, nbf: String(now) }), expected: invalidToken(TOKEN_ERRORS.claimInvalid) },
  { id: 'C3', name: 'iat as a boolean', mint: ({ issuer }) => issuer.mint({ ...read, iat: true }), expected: invalidToken(TOKEN_ERRORS.claimInvalid) },
  { id: 'C3', name: 'scope as a number', mint: ({ issuer }) => issuer.mint({ scope: 42 }), expected: invalidToken(TOKEN_ERRORS.claimInvalid) },
  { id: 'C3', name: 'scope as an array', mint: ({ issuer }) => issuer.mint({ scope: ['eventcatalog.read'] }), expected: invalidToken(TOKEN_ERRORS.claimInvalid) },
  { id: 'C3', name: 'aud as a number', mint: ({ issuer }) => issuer.mint({ ...read, aud: 1 }), expected: invalidToken(TOKEN_ERRORS.claimInvalid) },
  { id: 'C3', name: 'sub as a number', mint: ({ issuer }) => issuer.mint({ ...read, sub: 12345 }), expected: invalidToken(TOKEN_ERRORS.claimInvalid) },

  // C4: time
  { id: 'C4', name: 'expired a minute ago', mint: ({ issuer, now }) => issuer.mint({ ...read, exp: now - 60 }), expected: invalidToken(TOKEN_ERRORS.expired) },
  { id: 'C4', name: 'expired just beyond the 5 s tolerance', mint: ({ issuer, now }) => issuer.mint({ ...read, exp: now - 6 }), expected: invalidToken(TOKEN_ERRORS.expired) },
  { id: 'C4', name: 'no exp', mint: ({ issuer }) => issuer.mint({ ...read, exp: undefined }), expected: invalidToken(TOKEN_ERRORS.claimInvalid) },
  { id: 'C4', name: 'nbf a minute ahead', mint: ({ issuer, now }) => issuer.mint({ ...read, nbf: now + 60 }), expected: invalidToken(TOKEN_ERRORS.notYetValid) },
  { id: 'C4', name: 'iat a minute ahead', mint: ({ issuer, now }) => issuer.mint({ ...read, iat: now + 60 }), expected: invalidToken(TOKEN_ERRORS.notYetValid) },

  // C5: another issuer's keys
  { id: 'C5', name: 'signed by another issuer claiming to be ours', mint: ({ issuer, other }) => other.mint({ ...read, iss: issuer.issuer }), expected: invalidToken(TOKEN_ERRORS.keyNotFound) },
  {
    id: 'C5',
    name: 'signed by another issuer with our kid',
    mint: ({ issuer, other }) => other.mint({ ...read, iss: issuer.issuer }, { header: { kid: issuer.signingKey().kid } }),
    expected: invalidToken(TOKEN_ERRORS.signature),
  },
];

/** Tokens that must pass, next to the refused ones (they show the refusals are not blanket). */
const ACCEPTED: Array<{ id: string; name: string; mint(forge: Forge): Promise<string> }> = [
  { id: 'C1', name: 'typ application/at+jwt', mint: ({ issuer }) => issuer.mint(read, { header: { typ: 'application/at+jwt' } }) },
  { id: 'C1', name: 'typ AT+JWT (case-insensitive)', mint: ({ issuer }) => issuer.mint(read, { header: { typ: 'AT+JWT' } }) },
  { id: 'C2', name: 'an audience list containing this service', mint: ({ issuer }) => issuer.mint({ ...read, aud: ['shoppingbasket', AUDIENCE] }) },
  { id: 'C4', name: 'expired 2 s ago, within the 5 s tolerance', mint: ({ issuer, now }) => issuer.mint({ ...read, exp: now - 2 }) },
  { id: 'C4', name: 'nbf 2 s ahead, within the 5 s tolerance', mint: ({ issuer, now }) => issuer.mint({ ...read, nbf: now + 2 }) },
  { id: 'P3', name: 'RS256 with the issuer\'s 2048-bit key', mint: ({ issuer }) => issuer.mint(read, { alg: 'RS256' }) },
];

let forge: Forge;
const tokens = new Map<TokenCase, string>();
const apps = new Map<AdapterName, INestApplication>();

beforeAll(async () => {
  const [issuer, other, attacker] = await Promise.all([
    TestIssuer.start({ algorithms: ['ES256', 'RS256', 'EdDSA'], audience: AUDIENCE }),
    TestIssuer.start({ audience: AUDIENCE }),
    TestIssuer.start({ audience: AUDIENCE }),
  ]);
  forge = {
    issuer,
    other,
    attacker,
    attackerKey: createTestKey('ES256'),
    weakRsaKey: createTestKey('RS256', { modulusLength: 1024 }),
    encryptionKey: createTestKey('ES256', { jwk: { use: 'enc' } }),
    get now() {
      return Math.floor(Date.now() / 1000);
    },
  };
  // Published before any app fetches the JWKS, so these keys are known, not unknown kids.
  issuer.publish(forge.weakRsaKey);
  issuer.publish(forge.encryptionKey);
  for (const testCase of CASES) tokens.set(testCase, await testCase.mint(forge));
  for (const adapter of ADAPTERS) {
    apps.set(adapter, await createTestApp({
      adapter,
      controllers: [EventsController],
      auth: authOptionsFor(issuer, { algorithms: ['ES256', 'ES384', 'RS256'] }),
    }));
  }
});

afterAll(async () => {
  for (const app of apps.values()) await app.close();
  await Promise.all([forge?.issuer.close(), forge?.other.close(), forge?.attacker.close()]);
});

const call = (adapter: AdapterName, token: string) =>
  request(apps.get(adapter)!.getHttpServer()).get('/events').set('Authorization', `Bearer ${token}`);

/** The token and its longer segments, none of which may come back in the answer. */
function secretsOf(token: string): string[] {
  return [token, ...token.split('.').filter((segment) => segment.length >= 16)];
}

describe.each(ADAPTERS)('refused tokens on %s', (adapter) => {
  it.each(CASES.map((testCase) => [testCase.id, testCase.name, testCase] as const))(
    '%s: %s → 401 invalid_token, never echoed',
    async (_id, _name, testCase) => {
      const token = tokens.get(testCase)!;
      const response = await call(adapter, token);
      expect(answerOf(response)).toEqual(testCase.expected);
      const answer = `${JSON.stringify(response.headers)}\n${response.text}`;
      for (const secret of secretsOf(token)) expect(answer).not.toContain(secret);
    },
  );

  it.each(ACCEPTED.map((testCase) => [testCase.id, testCase.name, testCase] as const))('%s: %s → 200', async (_id, _name, testCase) => {
    // Minted here, not in beforeAll: the tolerance cases are a few seconds wide.
    const response = await call(adapter, await testCase.mint(forge));
    expect(response.status).toBe(200);
    expect(response.body).toEqual([{ id: 1 }]);
  });
});

describe('across adapters', () => {
  it('P7: express and fastify give the same status, headers and body for every refused token', async () => {
    for (const testCase of CASES) {
      const [express, fastify] = await Promise.all(ADAPTERS.map((adapter) => call(adapter, tokens.get(testCase)!)));
      expect({ name: testCase.name, ...answerOf(fastify!), type: fastify!.headers['content-type'] }).toEqual({
        name: testCase.name,
        ...answerOf(express!),
        type: express!.headers['content-type'],
      });
    }
  });

  it('P4: jku, x5u and embedded keys never caused a request to the server they name', () => {
    expect(forge.attacker.jwksRequests).toBe(0);
    expect(forge.attacker.discoveryRequests).toBe(0);
  });
});
