import { TOKEN_TYPES } from '@baton/authority';
import { exchangeClient, exchangeOf, refusalOf } from './exchange-client.test-helpers.js';
import { startTestAuthority, type TestAuthority } from './test-authority.test-helpers.js';

let authority: TestAuthority;
let subject: string;

beforeAll(async () => {
  authority = await startTestAuthority();
  subject = await authority.mintOwn();
});
afterAll(async () => {
  await authority.close();
});
beforeEach(() => {
  authority.audits.length = 0;
});

describe('X1: client authentication is oidc-provider\'s', () => {
  it.each<[string, string, { auth?: 'basic' | 'post' | 'none'; secret?: string }, string | undefined]>([
    ['a wrong secret with client_secret_basic', 'shoppingbasket', { secret: 'wrong-secret' }, 'shoppingbasket'],
    ['a wrong secret with client_secret_post', 'shoppingbasket-post', { auth: 'post', secret: 'wrong-secret' }, 'shoppingbasket-post'],
    ['no client authentication at all', 'shoppingbasket', { auth: 'none' }, 'shoppingbasket'],
    ['an unknown client', 'nobody', { secret: 'whatever' }, undefined],
  ])('X1: %s → 401 invalid_client, no-store, audited without an authenticated client', async (_name, clientId, options, claimed) => {
    const client = await exchangeClient(authority, clientId, options);
    const outcome = await client.exchange(exchangeOf(subject));
    expect(refusalOf(outcome)).toEqual({ status: 401, error: 'invalid_client', cacheControl: 'no-store' });
    expect(authority.audits).toHaveLength(1);
    expect(authority.audits[0]).toMatchObject({ outcome: 'refused', clientId: undefined, error: 'invalid_client', reason: 'ERR_CLIENT_AUTHENTICATION', subject: undefined });
    expect(authority.audits[0]!.claimedClientId).toBe(claimed);
  });

  it('X1: basic authentication failures carry a WWW-Authenticate challenge', async () => {
    const client = await exchangeClient(authority, 'shoppingbasket', { secret: 'wrong-secret' });
    const outcome = await client.exchange(exchangeOf(subject));
    expect(outcome.status).toBe(401);
    expect(outcome.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  it('X1: the same request with the right secret passes', async () => {
    const client = await exchangeClient(authority, 'shoppingbasket-post', { auth: 'post' });
    expect((await client.exchange(exchangeOf(subject))).status).toBe(200);
  });
});

describe('X2: a client not allowed the grant', () => {
  it('X2: a client whose grant_types lack token exchange → 400 unauthorized_client (not oidc-provider\'s invalid_request)', async () => {
    const machine = await exchangeClient(authority, 'machine');
    const outcome = await machine.exchange(exchangeOf(subject));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'unauthorized_client', cacheControl: 'no-store' });
    expect(outcome.body['error_description']).toBe('the client is not allowed to use token exchange');
    expect(authority.audits).toEqual([expect.objectContaining({ outcome: 'refused', clientId: 'machine', error: 'unauthorized_client', reason: 'ERR_CLIENT_GRANT_NOT_ALLOWED' })]);
  });

  it('X2: the same client still gets its own grant (client_credentials is untouched)', async () => {
    const machine = await exchangeClient(authority, 'machine');
    const outcome = await machine.grant('client_credentials', {});
    expect(outcome.status).toBe(200);
    expect(authority.audits).toEqual([]);
  });

  it('X2: a client the provider allows but the policy does not list → 400 unauthorized_client, before any token is verified', async () => {
    const jwksBefore = authority.partner.jwksRequests;
    const partnerToken = await authority.partner.mint({ aud: 'partner-gateway' });
    const stranger = await exchangeClient(authority, 'stranger');
    const outcome = await stranger.exchange(exchangeOf(partnerToken));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'unauthorized_client', cacheControl: 'no-store' });
    expect(authority.partner.jwksRequests).toBe(jwksBefore);
    expect(authority.audits).toEqual([expect.objectContaining({ clientId: 'stranger', reason: 'ERR_CLIENT_NOT_IN_POLICY', decidedBy: 'policy.clients', subject: undefined })]);
  });
});

describe('X3: malformed requests → 400 invalid_request', () => {
  const cases: Array<[string, () => Record<string, string | readonly string[] | undefined>, string]> = [
    ['no subject_token', () => ({ subject_token_type: TOKEN_TYPES.accessToken, audience: 'discount' }), 'ERR_REQUEST_SUBJECT_TOKEN_MISSING'],
    ['no subject_token_type', () => ({ subject_token: subject, audience: 'discount' }), 'ERR_REQUEST_SUBJECT_TOKEN_MISSING'],
    ['an empty subject_token', () => exchangeOf('', 'discount'), 'ERR_REQUEST_SUBJECT_TOKEN_MISSING'],
    ['an actor_token without actor_token_type', () => exchangeOf(subject, 'discount', { actor_token: subject }), 'ERR_REQUEST_ACTOR_TOKEN_TYPE'],
    ['an actor_token_type without actor_token', () => exchangeOf(subject, 'discount', { actor_token_type: TOKEN_TYPES.accessToken }), 'ERR_REQUEST_ACTOR_TOKEN_TYPE'],
    ['a repeated subject_token', () => ({ ...exchangeOf(subject), subject_token: [subject, subject] }), 'ERR_REQUEST_REJECTED'],
    ['a repeated subject_token_type', () => ({ ...exchangeOf(subject), subject_token_type: [TOKEN_TYPES.accessToken, TOKEN_TYPES.jwt] }), 'ERR_REQUEST_REJECTED'],
    ['a repeated scope', () => exchangeOf(subject, 'discount', { scope: ['discount.read', 'discount.fullaccess'] }), 'ERR_REQUEST_REJECTED'],
    ['a repeated requested_token_type', () => exchangeOf(subject, 'discount', { requested_token_type: [TOKEN_TYPES.accessToken, TOKEN_TYPES.accessToken] }), 'ERR_REQUEST_REJECTED'],
  ];

  it.each(cases)('X3: %s', async (_name, parameters, reason) => {
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(parameters());
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    expect(JSON.stringify(outcome.body)).not.toContain(subject);
    expect(authority.audits).toEqual([expect.objectContaining({ outcome: 'refused', clientId: 'shoppingbasket', error: 'invalid_request', reason })]);
  });

  it('X3: audience and resource may repeat (RFC 8693 §2.1): naming the same audience twice is fine', async () => {
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(subject, 'discount', { audience: ['discount', 'discount'], resource: ['https://discount.example.com/'] }));
    expect(outcome.status).toBe(200);
  });
});

describe('X4: unsupported token types → 400 invalid_request', () => {
  it.each<[string, Record<string, string>]>([
    ['subject_token_type id_token', { subject_token_type: TOKEN_TYPES.idToken }],
    ['subject_token_type refresh_token', { subject_token_type: TOKEN_TYPES.refreshToken }],
    ['subject_token_type saml2', { subject_token_type: TOKEN_TYPES.saml2 }],
    ['subject_token_type saml1', { subject_token_type: TOKEN_TYPES.saml1 }],
    ['an unknown subject_token_type', { subject_token_type: 'urn:example:token-type:custom' }],
    ['a token type differing in case', { subject_token_type: TOKEN_TYPES.accessToken.toUpperCase() }],
    ['actor_token_type id_token', { actor_token: 'x.y.z', actor_token_type: TOKEN_TYPES.idToken }],
  ])('X4: %s', async (_name, parameters) => {
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange({ ...exchangeOf(subject), ...parameters });
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    expect(authority.audits).toEqual([expect.objectContaining({ reason: 'ERR_REQUEST_TOKEN_TYPE_UNSUPPORTED' })]);
  });

  it.each([TOKEN_TYPES.idToken, TOKEN_TYPES.refreshToken, 'urn:example:token-type:custom'])('X4: requested_token_type %s → 400 invalid_request', async (type) => {
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(subject, 'discount', { requested_token_type: type }));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    expect(authority.audits).toEqual([expect.objectContaining({ reason: 'ERR_REQUEST_REQUESTED_TOKEN_TYPE_UNSUPPORTED' })]);
  });

  it('X4: subject_token_type jwt is accepted for the same token', async () => {
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange({ ...exchangeOf(subject), subject_token_type: TOKEN_TYPES.jwt });
    expect(outcome.status).toBe(200);
  });
});
