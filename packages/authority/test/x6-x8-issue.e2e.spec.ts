import { TOKEN_TYPES } from '@baton/authority';
import { AccessTokenVerifier } from '@baton/core';
import { decodeHeader, decodePayload } from '@baton/testing';
import { exchangeClient, exchangeOf, refusalOf } from './exchange-client.test-helpers.js';
import { startTestAuthority, type TestAuthority } from './test-authority.test-helpers.js';

let authority: TestAuthority;
let discount: AccessTokenVerifier;

beforeAll(async () => {
  authority = await startTestAuthority();
  discount = new AccessTokenVerifier({ issuer: authority.issuer, audience: 'discount' });
});
afterAll(async () => {
  await authority.close();
});
beforeEach(() => {
  authority.audits.length = 0;
});

describe('X8: a granted exchange', () => {
  it('X8: answers per RFC 8693 §2.2.1 with no-store, and the token is a JWT access token for discount only', async () => {
    const subject = await authority.mintOwn({ expiresIn: 600 });
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(subject, 'discount', { scope: 'discount.fullaccess' }));

    expect(outcome.status).toBe(200);
    expect(outcome.headers.get('cache-control')).toBe('no-store');
    expect(outcome.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(outcome.body).sort()).toEqual(['access_token', 'expires_in', 'issued_token_type', 'scope', 'token_type']);
    expect(outcome.body).toMatchObject({ issued_token_type: TOKEN_TYPES.accessToken, token_type: 'Bearer', expires_in: 120, scope: 'discount.fullaccess' });
    expect(outcome.result?.access_token).toBe(outcome.body['access_token']);

    const token = outcome.body['access_token'] as string;
    expect(decodeHeader(token)).toEqual({ alg: 'RS256', typ: 'at+jwt', kid: authority.signingKey.kid });
    const claims = decodePayload(token);
    const subjectClaims = decodePayload(subject);
    expect(claims).toEqual({
      iss: authority.issuer,
      sub: 'alice',
      aud: 'discount',
      client_id: 'shoppingbasket',
      scope: 'discount.fullaccess',
      act: { sub: 'shoppingbasket', client_id: 'shoppingbasket' },
      email: 'alice@example.com',
      iat: expect.any(Number),
      exp: (claims['iat'] as number) + 120,
      jti: expect.any(String),
    });
    expect(claims['exp']).toBeLessThanOrEqual(subjectClaims['exp'] as number);
    expect(claims['jti']).not.toBe(subjectClaims['jti']);

    const principal = await discount.verify(token);
    expect({ subject: principal.subject, scopes: [...principal.scopes], actor: principal.actor?.clientId }).toEqual({ subject: 'alice', scopes: ['discount.fullaccess'], actor: 'shoppingbasket' });
    await expect(discount.verify(subject)).rejects.toMatchObject({ code: 'ERR_TOKEN_AUDIENCE' });
  });

  it.each([30, 5, 2])('X8: never outlives a subject token expiring in %i s', async (seconds) => {
    const subject = await authority.mintOwn({ expiresIn: seconds });
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(subject));
    expect(outcome.status).toBe(200);
    const exp = decodePayload(outcome.body['access_token'] as string)['exp'] as number;
    expect(exp).toBe(decodePayload(subject)['exp']);
    expect(outcome.body['expires_in']).toBeLessThanOrEqual(seconds);
  });

  it('X8: nests the earlier actor chain inside act', async () => {
    const subject = await authority.mintOwn({ claims: { act: { sub: 'web', client_id: 'web' } } });
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(subject));
    expect(decodePayload(outcome.body['access_token'] as string)['act']).toEqual({ sub: 'shoppingbasket', client_id: 'shoppingbasket', act: { sub: 'web', client_id: 'web' } });
    expect(authority.audits).toEqual([expect.objectContaining({ outcome: 'granted', actors: ['shoppingbasket', 'web'] })]);
  });

  it.each<[string, Record<string, string | readonly string[]>, string]>([
    ['resource instead of audience (RFC 8707)', { audience: [], resource: 'https://discount.example.com/' }, TOKEN_TYPES.accessToken],
    ['client_secret_post', {}, TOKEN_TYPES.accessToken],
    ['requested_token_type access_token', { requested_token_type: TOKEN_TYPES.accessToken }, TOKEN_TYPES.accessToken],
    ['requested_token_type jwt', { requested_token_type: TOKEN_TYPES.jwt }, TOKEN_TYPES.jwt],
  ])('X8: variant: %s', async (name, extra, issuedType) => {
    const subject = await authority.mintOwn();
    const client = name === 'client_secret_post' ? await exchangeClient(authority, 'shoppingbasket-post', { auth: 'post' }) : await exchangeClient(authority, 'shoppingbasket');
    const outcome = await client.exchange({ ...exchangeOf(subject), ...extra });
    expect(outcome.status).toBe(200);
    expect(outcome.body['issued_token_type']).toBe(issuedType);
    expect(decodePayload(outcome.body['access_token'] as string)['aud']).toBe('discount');
  });

  it('X8: an exchanged token cannot itself be exchanged again by the same service (its aud is discount)', async () => {
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const first = await basket.exchange(exchangeOf(await authority.mintOwn()));
    const second = await basket.exchange(exchangeOf(first.body['access_token'] as string));
    expect(refusalOf(second)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
  });
});

describe('X6: least privilege', () => {
  it('X6: no scope requested → only the audience\'s minimal default set, never everything allowed', async () => {
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(await authority.mintOwn()));
    expect(outcome.body['scope']).toBe('discount.read');
    expect(decodePayload(outcome.body['access_token'] as string)['scope']).toBe('discount.read');
  });

  it.each<[string, string, string, string]>([
    ['a scope the client may not obtain', 'shoppingbasket.fullaccess', 'discount.admin', 'ERR_SCOPE_NOT_ALLOWED'],
    ['an allowed and a forbidden scope together', 'shoppingbasket.fullaccess', 'discount.read discount.admin', 'ERR_SCOPE_NOT_ALLOWED'],
    ['a scope of another audience', 'shoppingbasket.fullaccess', 'eventcatalog.write', 'ERR_SCOPE_UNKNOWN'],
    ['an invented scope', 'shoppingbasket.fullaccess', 'discount.everything', 'ERR_SCOPE_UNKNOWN'],
    ['a scope the subject token does not carry', 'shoppingbasket.read', 'discount.read', 'ERR_SCOPE_NOT_HELD'],
    ['nothing requested, nothing held', 'profile', '', 'ERR_SCOPE_NONE'],
  ])('X6: %s → 400 invalid_scope', async (_name, subjectScope, scope, reason) => {
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(await authority.mintOwn({ scope: subjectScope }), 'discount', scope === '' ? {} : { scope }));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_scope', cacheControl: 'no-store' });
    expect(outcome.body['access_token']).toBeUndefined();
    expect(authority.audits).toEqual([expect.objectContaining({ outcome: 'refused', reason, scopesGranted: [] })]);
  });

  it('X6: a scope with characters RFC 6749 forbids is refused by the provider as invalid_scope', async () => {
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(await authority.mintOwn(), 'discount', { scope: 'discount.read "x"' }));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_scope', cacheControl: 'no-store' });
    expect(authority.audits).toEqual([expect.objectContaining({ reason: 'ERR_REQUEST_REJECTED', error: 'invalid_scope' })]);
  });
});

describe('X7: targets', () => {
  it.each<[string, Record<string, string | readonly string[]>, string, string]>([
    ['an unknown audience', { audience: 'payments' }, 'invalid_target', 'ERR_TARGET_UNKNOWN'],
    ['an audience this client may not target', { audience: 'eventcatalog' }, 'invalid_target', 'ERR_TARGET_NOT_ALLOWED'],
    ['the client\'s own audience', { audience: 'shoppingbasket' }, 'invalid_target', 'ERR_TARGET_NOT_ALLOWED'],
    ['two audiences at once', { audience: ['discount', 'eventcatalog'] }, 'invalid_target', 'ERR_TARGET_MULTIPLE'],
    ['an unknown resource', { audience: [], resource: 'https://payments.example.com/' }, 'invalid_target', 'ERR_TARGET_UNKNOWN'],
    ['a resource differing by a trailing slash', { audience: [], resource: 'https://discount.example.com' }, 'invalid_target', 'ERR_TARGET_UNKNOWN'],
    ['an audience and another audience\'s resource', { audience: 'documents', resource: 'https://discount.example.com/' }, 'invalid_target', 'ERR_TARGET_MULTIPLE'],
    ['no target at all', { audience: [] }, 'invalid_request', 'ERR_TARGET_MISSING'],
  ])('X7: %s', async (_name, target, error, reason) => {
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange({ ...exchangeOf(await authority.mintOwn()), ...target });
    expect(refusalOf(outcome)).toEqual({ status: 400, error, cacheControl: 'no-store' });
    expect(authority.audits).toEqual([expect.objectContaining({ reason })]);
  });
});
