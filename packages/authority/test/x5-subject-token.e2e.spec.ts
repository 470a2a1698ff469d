import { TOKEN_TYPES } from '@baton/authority';
import { createTestKey, encodeSegment, tamperPayload, TestIssuer } from '@baton/testing';
import { exchangeClient, exchangeOf, refusalOf } from './exchange-client.test-helpers.js';
import { startTestAuthority, type TestAuthority } from './test-authority.test-helpers.js';

let authority: TestAuthority;
let untrusted: TestIssuer;

beforeAll(async () => {
  authority = await startTestAuthority();
  untrusted = await TestIssuer.start({ algorithms: ['ES256'], audience: 'shoppingbasket' });
});
afterAll(async () => {
  await untrusted.close();
  await authority.close();
});
beforeEach(() => {
  authority.audits.length = 0;
});

const now = (): number => Math.floor(Date.now() / 1000);

/** A token claiming to be ours, forged by a party without our key. */
async function forgedOwn(claims: Record<string, unknown> = {}, options: Parameters<TestIssuer['mint']>[1] = {}): Promise<string> {
  return untrusted.mint({ iss: authority.issuer, aud: 'shoppingbasket', sub: 'alice', scope: 'shoppingbasket.fullaccess', ...claims }, options);
}

describe('X5: subject tokens of this authority that fail a P or C check → 400 invalid_request', () => {
  const cases: Array<[string, () => Promise<string>, string]> = [
    ['expired (C4)', () => authority.mintOwn({ expiresIn: -60 }), 'ERR_TOKEN_EXPIRED'],
    ['not valid yet: nbf in the future (C4)', () => authority.mintOwn({ claims: { nbf: now() + 600 } }), 'ERR_TOKEN_NOT_YET_VALID'],
    ['issued to another service (C2)', () => authority.mintOwn({ audience: 'eventcatalog', scope: 'eventcatalog.read' }), 'ERR_TOKEN_AUDIENCE'],
    ['signed by another party\'s key, claiming our issuer (C5)', () => forgedOwn(), 'ERR_TOKEN_KEY_NOT_FOUND'],
    ['signed by another party\'s key under our kid (C5)', () => forgedOwn({}, { header: { kid: authority.signingKey.kid } }), 'ERR_TOKEN_KEY_NOT_FOUND'],
    ['alg none, unsigned (P1)', () => forgedOwn({}, { header: { alg: 'none', kid: authority.signingKey.kid }, signature: 'none' }), 'ERR_TOKEN_MALFORMED'],
    ['alg "None" (P1)', () => forgedOwn({}, { header: { alg: 'None', kid: authority.signingKey.kid }, signature: 'none' }), 'ERR_TOKEN_MALFORMED'],
    ['HS256 "signed" with our public key (P2)', () => forgedOwn({}, {
      header: { alg: 'HS256', kid: authority.signingKey.kid },
      signature: { hmacSecret: authority.signingKey.publicKey.export({ type: 'spki', format: 'pem' }) as string },
    }), 'ERR_TOKEN_ALG_NOT_ALLOWED'],
    ['a tampered payload (P6)', async () => tamperPayload(await authority.mintOwn({ scope: 'shoppingbasket.read' }), (claims) => ({ ...claims, scope: 'shoppingbasket.fullaccess' })), 'ERR_TOKEN_SIGNATURE'],
    ['a stripped signature (P6)', async () => `${(await authority.mintOwn()).split('.').slice(0, 2).join('.')}.`, 'ERR_TOKEN_MALFORMED'],
    ['a truncated signature (P6)', async () => (await authority.mintOwn()).slice(0, -10), 'ERR_TOKEN_SIGNATURE'],
    ['not a JWT at all (P7)', async () => 'not-a-token', 'ERR_TOKEN_MALFORMED'],
    ['four segments (P7)', async () => `${await authority.mintOwn()}.extra`, 'ERR_TOKEN_MALFORMED'],
    ['a non-JSON payload (P7)', async () => `${encodeSegment({ alg: 'RS256', typ: 'at+jwt' })}.${encodeSegment('not json')}.${encodeSegment('sig')}`, 'ERR_TOKEN_MALFORMED'],
    ['a crit header (P8)', () => forgedOwn({}, { header: { crit: ['exp'], exp: 1 } }), 'ERR_TOKEN_HEADER_UNSUPPORTED'],
    ['longer than the limit', async () => `${'a'.repeat(17_000)}.b.c`, 'ERR_TOKEN_TOO_LARGE'],
  ];

  it.each(cases)('X5: %s', async (_name, token, tokenError) => {
    const subject = await token();
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(subject));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    expect(outcome.body['error_description']).toBe('the subject token is invalid');
    expect(authority.audits).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'ERR_SUBJECT_TOKEN_INVALID', tokenError, subject: undefined })]);
    expect(JSON.stringify(authority.audits)).not.toContain(subject.slice(0, 40));
  });
});

describe('X5: tokens of other authorities', () => {
  it('X5: an untrusted issuer → 400 invalid_request, and its JWKS is never fetched', async () => {
    const token = await untrusted.mint({ scope: 'shoppingbasket.fullaccess' });
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(token));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    expect(authority.audits).toEqual([expect.objectContaining({ reason: 'ERR_SUBJECT_TOKEN_INVALID', tokenError: 'ERR_TOKEN_ISSUER' })]);
    expect(untrusted.jwksRequests).toBe(0);
    expect(untrusted.discoveryRequests).toBe(0);
  });

  it('X5: a trusted issuer\'s key named by jku/jwk/x5u headers is never used or fetched (P4)', async () => {
    const rogueKey = createTestKey('ES256');
    untrusted.publish(rogueKey);
    const headers = [{ jku: untrusted.jwksUri, kid: rogueKey.kid }, { jwk: rogueKey.publicJwk, kid: rogueKey.kid }, { x5u: untrusted.jwksUri, kid: rogueKey.kid }];
    const gateway = await exchangeClient(authority, 'partner-gateway');
    for (const header of headers) {
      const token = await authority.partner.mint({ scope: 'documents:read' }, { key: rogueKey, header });
      const outcome = await gateway.exchange(exchangeOf(token, 'documents'));
      expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    }
    expect(untrusted.jwksRequests).toBe(0);
    expect(authority.audits.map((event) => event.reason)).toEqual(['ERR_SUBJECT_TOKEN_INVALID', 'ERR_SUBJECT_TOKEN_INVALID', 'ERR_SUBJECT_TOKEN_INVALID']);
  });

  it.each<[string, () => Promise<string>, string]>([
    ['an ID token (typ JWT) of the partner (C1)', () => authority.partner.mint({ scope: 'documents:read' }, { header: { typ: 'JWT' } }), 'ERR_TOKEN_TYPE'],
    ['a partner token without typ (C1)', () => authority.partner.mint({ scope: 'documents:read' }, { header: { typ: undefined } }), 'ERR_TOKEN_TYPE'],
    ['an expired partner token (C4)', () => authority.partner.mint({ scope: 'documents:read', exp: now() - 60 }), 'ERR_TOKEN_EXPIRED'],
    ['a partner token with a string exp (C3)', () => authority.partner.mint({ scope: 'documents:read', exp: String(now() + 60) }), 'ERR_TOKEN_CLAIM_INVALID'],
    ['a partner token with an array iss (C3)', () => authority.partner.mint({ scope: 'documents:read', iss: [authority.partner.issuer] }), 'ERR_TOKEN_CLAIM_INVALID'],
    ['a partner token signed with RS256, outside its algorithms (P3)', async () => {
      const rsa = createTestKey('RS256');
      return authority.partner.mint({ scope: 'documents:read' }, { key: rsa, alg: 'RS256' });
    }, 'ERR_TOKEN_ALG_NOT_ALLOWED'],
  ])('X5: %s → 400 invalid_request', async (_name, token, tokenError) => {
    const gateway = await exchangeClient(authority, 'partner-gateway');
    const outcome = await gateway.exchange(exchangeOf(await token(), 'documents'));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    expect(authority.audits).toEqual([expect.objectContaining({ reason: 'ERR_SUBJECT_TOKEN_INVALID', tokenError })]);
  });

  it('X5: a trusted partner token presented by a client not allowed that issuer → 400 invalid_request', async () => {
    const token = await authority.partner.mint({ aud: 'shoppingbasket', scope: 'documents:read' });
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(token));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    expect(outcome.body['error_description']).toBe('the client may not exchange tokens of this issuer');
    expect(authority.audits).toEqual([expect.objectContaining({
      reason: 'ERR_SUBJECT_ISSUER_NOT_ALLOWED',
      decidedBy: 'policy.clients.shoppingbasket.subjectIssuers',
      subject: { issuer: authority.partner.issuer, sub: 'user-1' },
    })]);
  });

  it('X5: a valid token issued to another client\'s API cannot be exchanged (a lifted token is useless)', async () => {
    const forGateway = await authority.mintOwn({ audience: 'partner-gateway', scope: 'shoppingbasket.fullaccess' });
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(forGateway));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    expect(authority.audits).toEqual([expect.objectContaining({ reason: 'ERR_SUBJECT_NOT_FOR_CLIENT', decidedBy: 'policy.clients.shoppingbasket.ownAudiences' })]);
  });

  it('X5: an invalid actor token → 400 invalid_request', async () => {
    const console_ = await exchangeClient(authority, 'admin-console');
    const subject = await authority.mintOwn({ audience: 'admin-console', scope: 'admin-console.use' });
    const actor = await authority.mintOwn({ audience: 'admin-console', sub: 'carol', expiresIn: -60 });
    const outcome = await console_.exchange(exchangeOf(subject, 'discount', { actor_token: actor, actor_token_type: TOKEN_TYPES.accessToken }));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    expect(outcome.body['error_description']).toBe('the actor token is invalid');
    expect(authority.audits).toEqual([expect.objectContaining({ reason: 'ERR_ACTOR_TOKEN_INVALID', tokenError: 'ERR_TOKEN_EXPIRED' })]);
  });
});

describe('X5: the trusted issuer\'s keys cannot be had', () => {
  let cold: TestAuthority;
  beforeAll(async () => {
    cold = await startTestAuthority({ jwks: { timeout: 300, failureBackoff: 60_000 } });
  });
  afterAll(async () => {
    await cold.close();
  });

  it('a JWKS outage is a 503 temporarily_unavailable with Retry-After, not a refusal of the token', async () => {
    cold.partner.setJwksBehaviour({ mode: 'fail', status: 503, retryAfter: 30 });
    const gateway = await exchangeClient(cold, 'partner-gateway');
    const outcome = await gateway.exchange(exchangeOf(await cold.partner.mint({ scope: 'documents:read' }), 'documents'));
    expect(refusalOf(outcome)).toEqual({ status: 503, error: 'temporarily_unavailable', cacheControl: 'no-store' });
    expect(Number(outcome.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(cold.audits.at(-1)).toMatchObject({ outcome: 'refused', reason: 'ERR_KEYS_UNAVAILABLE', error: 'temporarily_unavailable' });
  });
});
