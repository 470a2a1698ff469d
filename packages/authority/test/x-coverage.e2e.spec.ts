import { TOKEN_TYPES } from '@baton/authority';
import { createTestKey, encodeSegment, TestIssuer, type MintOptions } from '@baton/testing';
import { exchangeClient, exchangeOf, refusalOf } from './exchange-client.test-helpers.js';
import { startTestAuthority, testPolicy, type TestAuthority } from './test-authority.test-helpers.js';

/*
 * Variants added by the SECURITY.md coverage audit (docs/security-coverage.md). The X5 cases of
 * x5-subject-token.e2e.spec.ts reach the P and C checks mostly through tokens the authority did
 * not sign; here every bad subject token is signed with the authority's own key, so that the one
 * P or C check named in the case is the only reason left to refuse it. A control row signs the
 * same way with nothing changed and must pass.
 */

let authority: TestAuthority;
/** Used only for its mint(): every token below is signed with the authority's key. */
let minter: TestIssuer;

beforeAll(async () => {
  authority = await startTestAuthority();
  minter = await TestIssuer.start({ algorithms: ['ES256'], audience: 'shoppingbasket' });
});
afterAll(async () => {
  await minter.close();
  await authority.close();
});
beforeEach(() => {
  authority.audits.length = 0;
});

/** A subject token of alice for shoppingbasket, signed with the authority's own RS256 key. */
function ownSigned(claims: Record<string, unknown> = {}, options: MintOptions = {}): Promise<string> {
  return minter.mint(
    { iss: authority.issuer, aud: 'shoppingbasket', sub: 'alice', client_id: 'web', scope: 'shoppingbasket.fullaccess', ...claims },
    { key: authority.signingKey, alg: 'RS256', ...options },
  );
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

describe('X5: subject tokens signed with the authority\'s own key that fail one P or C check → 400 invalid_request', () => {
  it('X5: control: the same minting with nothing changed is exchanged (200)', async () => {
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(await ownSigned()));
    expect(outcome.status).toBe(200);
    expect(authority.audits).toEqual([expect.objectContaining({ outcome: 'granted', clientId: 'shoppingbasket', audience: 'discount' })]);
  });

  const cases: Array<[string, () => Promise<string> | string, string]> = [
    ['C1: typ "JWT" (an ID token\'s typ)', () => ownSigned({}, { header: { typ: 'JWT' } }), 'ERR_TOKEN_TYPE'],
    ['C1: no typ at all', () => ownSigned({}, { header: { typ: undefined } }), 'ERR_TOKEN_TYPE'],
    ['C1: an ID token (typ JWT, aud = the client, nonce, at_hash)', () => ownSigned({ aud: 'shoppingbasket', nonce: 'n-0S6_WzA2Mj', at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q' }, { header: { typ: 'JWT' } }), 'ERR_TOKEN_TYPE'],
    ['C2: no aud', () => ownSigned({ aud: undefined }), 'ERR_TOKEN_AUDIENCE'],
    ['C2: an empty aud', () => ownSigned({ aud: '' }), 'ERR_TOKEN_CLAIM_INVALID'],
    ['C2: iss with a trailing slash', () => ownSigned({ iss: `${authority.issuer}/` }), 'ERR_TOKEN_ISSUER'],
    ['C3: exp as a string', () => ownSigned({ exp: String(nowSeconds() + 300) }), 'ERR_TOKEN_CLAIM_INVALID'],
    ['C3: scope as a number', () => ownSigned({ scope: 42 }), 'ERR_TOKEN_CLAIM_INVALID'],
    ['C3: sub as an object', () => ownSigned({ sub: { id: 'alice' } }), 'ERR_TOKEN_CLAIM_INVALID'],
    ['C4: no exp', () => ownSigned({ exp: undefined }), 'ERR_TOKEN_CLAIM_INVALID'],
    ['C4: iat a day ahead', () => ownSigned({ iat: nowSeconds() + 86_400, exp: nowSeconds() + 90_000 }), 'ERR_TOKEN_NOT_YET_VALID'],
    // The authority's key is published as RS256: another RSA algorithm finds no key that fits.
    ['P3: RS384 over the RS256 key', () => ownSigned({}, { alg: 'RS384', header: { alg: 'RS384' } }), 'ERR_TOKEN_KEY_NOT_FOUND'],
    ['P3: PS256 over the RS256 key', () => ownSigned({}, { alg: 'PS256', header: { alg: 'PS256' } }), 'ERR_TOKEN_KEY_NOT_FOUND'],
    ['P3: an algorithm outside the allow-list (ES256K)', () => ownSigned({}, { header: { alg: 'ES256K' } }), 'ERR_TOKEN_ALG_NOT_ALLOWED'],
    ['P2: HS256 keyed with the authority\'s public key', () => ownSigned({}, { header: { alg: 'HS256' }, signature: { hmacSecret: authority.signingKey.publicKey.export({ type: 'spki', format: 'pem' }) as string } }), 'ERR_TOKEN_ALG_NOT_ALLOWED'],
    ['P8: an unknown crit header', () => ownSigned({}, { header: { crit: ['urn:example:unknown'], 'urn:example:unknown': true } }), 'ERR_TOKEN_HEADER_UNSUPPORTED'],
    ['P8: an unencoded payload (b64: false)', () => ownSigned({}, { header: { b64: false, crit: ['b64'] } }), 'ERR_TOKEN_HEADER_UNSUPPORTED'],
    ['P8: a nested JWT (cty JWT)', () => ownSigned({}, { header: { cty: 'JWT' } }), 'ERR_TOKEN_HEADER_UNSUPPORTED'],
    ['P8: a JWE header over three segments', () => ownSigned({}, { header: { alg: 'RSA-OAEP-256', enc: 'A256GCM' } }), 'ERR_TOKEN_ALG_NOT_ALLOWED'],
    ['P8: a JWE (five segments) naming the authority\'s key', () => [{ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: authority.signingKey.kid }, 'encrypted-key', 'iv', 'ciphertext', 'tag'].map((part) => encodeSegment(part)).join('.'), 'ERR_TOKEN_MALFORMED'],
  ];

  it.each(cases)('X5: %s', async (_name, token, tokenError) => {
    const subject = await token();
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(subject));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    expect(outcome.body['error_description']).toBe('the subject token is invalid');
    expect(outcome.body['access_token']).toBeUndefined();
    expect(authority.audits).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'ERR_SUBJECT_TOKEN_INVALID', tokenError, subject: undefined })]);
  });

  it('X5/P4: an own-issuer token signed by an outside key that it carries as jwk is refused, and the key is never used', async () => {
    const rogue = createTestKey('RS256');
    const token = await ownSigned({}, { key: rogue, header: { jwk: rogue.publicJwk } });
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(token));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    expect(authority.audits).toEqual([expect.objectContaining({ reason: 'ERR_SUBJECT_TOKEN_INVALID', tokenError: 'ERR_TOKEN_KEY_NOT_FOUND' })]);
  });
});

describe('X5: actor tokens fail the same P and C checks', () => {
  const subjectFor = () => authority.mintOwn({ audience: 'admin-console', scope: 'admin-console.use' });
  const actorClaims = { aud: 'admin-console', sub: 'carol', scope: 'admin-console.use' };

  it('X5: control: a valid actor token signed the same way is accepted', async () => {
    const consoleClient = await exchangeClient(authority, 'admin-console');
    const outcome = await consoleClient.exchange(exchangeOf(await subjectFor(), 'discount', { actor_token: await ownSigned(actorClaims), actor_token_type: TOKEN_TYPES.accessToken }));
    expect(outcome.status).toBe(200);
  });

  it.each<[string, () => Promise<string>, string]>([
    ['C1: an actor token with typ "JWT"', () => ownSigned(actorClaims, { header: { typ: 'JWT' } }), 'ERR_TOKEN_TYPE'],
    ['P1: an actor token with alg none', () => ownSigned(actorClaims, { header: { alg: 'none' }, signature: 'none' }), 'ERR_TOKEN_MALFORMED'],
    ['C5: an actor token of an untrusted issuer', () => minter.mint(actorClaims), 'ERR_TOKEN_ISSUER'],
  ])('X5: %s → 400 invalid_request', async (_name, actor, tokenError) => {
    const consoleClient = await exchangeClient(authority, 'admin-console');
    const outcome = await consoleClient.exchange(exchangeOf(await subjectFor(), 'discount', { actor_token: await actor(), actor_token_type: TOKEN_TYPES.accessToken }));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    expect(outcome.body['error_description']).toBe('the actor token is invalid');
    expect(authority.audits).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'ERR_ACTOR_TOKEN_INVALID', tokenError })]);
  });
});

describe('X3: more repeated and half-given parameters → 400 invalid_request', () => {
  it.each<[string, () => Promise<Record<string, string | readonly string[] | undefined>>, string]>([
    ['a repeated actor_token', async () => {
      const actor = await ownSigned({ aud: 'admin-console', sub: 'carol', scope: 'admin-console.use' });
      return exchangeOf(await authority.mintOwn({ audience: 'admin-console', scope: 'admin-console.use' }), 'discount', { actor_token: [actor, actor], actor_token_type: TOKEN_TYPES.accessToken });
    }, 'ERR_REQUEST_REJECTED'],
    ['a repeated actor_token_type', async () => {
      const actor = await ownSigned({ aud: 'admin-console', sub: 'carol', scope: 'admin-console.use' });
      return exchangeOf(await authority.mintOwn({ audience: 'admin-console', scope: 'admin-console.use' }), 'discount', { actor_token: actor, actor_token_type: [TOKEN_TYPES.accessToken, TOKEN_TYPES.accessToken] });
    }, 'ERR_REQUEST_REJECTED'],
    ['an empty subject_token_type', async () => ({ ...exchangeOf(await authority.mintOwn()), subject_token_type: '' }), 'ERR_REQUEST_SUBJECT_TOKEN_MISSING'],
  ])('X3: %s', async (_name, parameters, reason) => {
    const consoleClient = await exchangeClient(authority, 'admin-console');
    const outcome = await consoleClient.exchange(await parameters());
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    expect(outcome.body['access_token']).toBeUndefined();
    expect(authority.audits).toEqual([expect.objectContaining({ outcome: 'refused', clientId: 'admin-console', error: 'invalid_request', reason })]);
  });
});

describe('X1: the Basic challenge of a refused client', () => {
  it.each<[string, string, { auth?: 'basic' | 'post'; secret?: string }]>([
    ['a wrong secret', 'shoppingbasket', { secret: 'wrong-secret' }],
    ['an unknown client', 'nobody', { secret: 'whatever' }],
  ])('X1: %s with client_secret_basic → 401 invalid_client and exactly one Basic challenge, no token', async (_name, clientId, options) => {
    const client = await exchangeClient(authority, clientId, options);
    const outcome = await client.exchange(exchangeOf(await authority.mintOwn()));
    expect(refusalOf(outcome)).toEqual({ status: 401, error: 'invalid_client', cacheControl: 'no-store' });
    expect(outcome.headers.get('www-authenticate')).toBe(`Basic realm="${authority.issuer}", error="invalid_client", error_description="client authentication failed"`);
    expect(outcome.body['access_token']).toBeUndefined();
  });

  it('X1: a wrong secret with client_secret_post → 401 invalid_client without a Basic challenge', async () => {
    const client = await exchangeClient(authority, 'shoppingbasket-post', { auth: 'post', secret: 'wrong-secret' });
    const outcome = await client.exchange(exchangeOf(await authority.mintOwn()));
    expect(refusalOf(outcome)).toEqual({ status: 401, error: 'invalid_client', cacheControl: 'no-store' });
    expect(outcome.headers.get('www-authenticate')).toBeNull();
  });
});

describe('X10: exchanges with an actor token are audited with the actor', () => {
  it('X10: a granted exchange with an actor token names the client, the subject, the actor, the target and the scopes asked and granted', async () => {
    const subject = await authority.mintOwn({ audience: 'admin-console', scope: 'admin-console.use' });
    const actor = await ownSigned({ aud: 'admin-console', sub: 'carol', scope: 'admin-console.use' });
    const consoleClient = await exchangeClient(authority, 'admin-console');
    const outcome = await consoleClient.exchange(exchangeOf(subject, 'discount', { actor_token: actor, actor_token_type: TOKEN_TYPES.accessToken, scope: 'discount.read' }));
    expect(outcome.status).toBe(200);
    expect(authority.audits).toHaveLength(1);
    expect(authority.audits[0]).toMatchObject({
      outcome: 'granted',
      clientId: 'admin-console',
      subject: { issuer: authority.issuer, sub: 'alice' },
      actors: ['carol'],
      requested: { audience: ['discount'], resource: [], scopes: ['discount.read'] },
      audience: 'discount',
      scopesGranted: ['discount.read'],
    });
    const recorded = JSON.stringify(authority.audits);
    for (const token of [subject, actor, outcome.body['access_token'] as string]) {
      for (const segment of token.split('.').filter((part) => part.length >= 16)) expect(recorded).not.toContain(segment);
    }
  });

  it('X10: a refused actor token is audited with the reason and the token error, and with no token in it', async () => {
    const subject = await authority.mintOwn({ audience: 'admin-console', scope: 'admin-console.use' });
    const actor = await ownSigned({ aud: 'admin-console', sub: 'carol', scope: 'admin-console.use' }, { header: { typ: 'JWT' } });
    const consoleClient = await exchangeClient(authority, 'admin-console');
    const outcome = await consoleClient.exchange(exchangeOf(subject, 'discount', { actor_token: actor, actor_token_type: TOKEN_TYPES.accessToken, scope: 'discount.read' }));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    expect(authority.audits).toEqual([expect.objectContaining({
      outcome: 'refused',
      clientId: 'admin-console',
      error: 'invalid_request',
      reason: 'ERR_ACTOR_TOKEN_INVALID',
      tokenError: 'ERR_TOKEN_TYPE',
      requested: { audience: ['discount'], resource: [], scopes: ['discount.read'] },
      scopesGranted: [],
    })]);
    const recorded = JSON.stringify(authority.audits);
    for (const segment of [...subject.split('.'), ...actor.split('.')].filter((part) => part.length >= 16)) expect(recorded).not.toContain(segment);
  });
});

describe('X2: more clients not allowed the grant', () => {
  it('X2: another client whose grant_types lack token exchange (web: client_credentials only) → 400 unauthorized_client', async () => {
    const web = await exchangeClient(authority, 'web');
    const outcome = await web.exchange(exchangeOf(await authority.mintOwn()));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'unauthorized_client', cacheControl: 'no-store' });
    expect(outcome.body['access_token']).toBeUndefined();
    expect(authority.audits).toEqual([expect.objectContaining({ outcome: 'refused', clientId: 'web', error: 'unauthorized_client', reason: 'ERR_CLIENT_GRANT_NOT_ALLOWED' })]);
  });

  describe('a policy that no longer lists shoppingbasket', () => {
    let withoutBasket: TestAuthority;
    beforeAll(async () => {
      withoutBasket = await startTestAuthority({
        policy: (partner) => {
          const policy = testPolicy(partner.issuer, partner.jwksUri);
          const { shoppingbasket: _removed, ...clients } = policy.clients;
          return { ...policy, clients };
        },
      });
    });
    afterAll(async () => {
      await withoutBasket.close();
    });

    it('X2: the same client and token that pass elsewhere → 400 unauthorized_client, decided by the policy, before the token is verified', async () => {
      const basket = await exchangeClient(withoutBasket, 'shoppingbasket');
      const outcome = await basket.exchange(exchangeOf(await withoutBasket.mintOwn()));
      expect(refusalOf(outcome)).toEqual({ status: 400, error: 'unauthorized_client', cacheControl: 'no-store' });
      expect(withoutBasket.audits).toEqual([expect.objectContaining({ clientId: 'shoppingbasket', reason: 'ERR_CLIENT_NOT_IN_POLICY', decidedBy: 'policy.clients', subject: undefined })]);
    });
  });
});
