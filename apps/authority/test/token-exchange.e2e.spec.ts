import * as oidc from 'openid-client';
import { AccessTokenVerifier } from '@baton/core';
import { TOKEN_EXCHANGE_GRANT_TYPE, TOKEN_TYPES } from '@baton/authority';
import { decodeHeader, decodePayload, findLeaks } from '@baton/testing';
import { MAIN_API_RESOURCES, signInWithPassword, startAuthority, type MainAuthorityClients, type RunningAuthority } from '../src/index.js';
import { exchange } from './exchange.test-helpers.js';

const WEB_REDIRECT = 'http://localhost:3000/auth/callback';

describe('main authority: token exchange shoppingbasket → discount (RFC 8693 through @baton/authority)', () => {
  let authority: RunningAuthority<MainAuthorityClients>;
  let basketToken: string;
  let catalogToken: string;

  beforeAll(async () => {
    authority = await startAuthority();
    const signIn = (resource: string) =>
      signInWithPassword({
        issuer: authority.issuer,
        client: authority.clients.web,
        redirectUri: WEB_REDIRECT,
        username: 'alice',
        password: 'alice-demo',
        scope: 'openid eventcatalog.read shoppingbasket.fullaccess',
        resources: [MAIN_API_RESOURCES.shoppingbasket.resource, MAIN_API_RESOURCES.eventcatalog.resource],
        tokenResource: resource,
      });
    basketToken = (await signIn(MAIN_API_RESOURCES.shoppingbasket.resource)).accessToken;
    catalogToken = (await signIn(MAIN_API_RESOURCES.eventcatalog.resource)).accessToken;
  });
  afterAll(async () => {
    await authority.close();
  });

  it('X8: exchanges alice\'s shoppingbasket token for a discount token naming shoppingbasket in act (openid-client)', async () => {
    const configuration = await oidc.discovery(new URL(authority.issuer), authority.clients.shoppingbasket.id, undefined, oidc.ClientSecretBasic(authority.clients.shoppingbasket.secret), {
      execute: [oidc.allowInsecureRequests],
    });
    const response = await oidc.genericGrantRequest(configuration, TOKEN_EXCHANGE_GRANT_TYPE, {
      subject_token: basketToken,
      subject_token_type: TOKEN_TYPES.accessToken,
      audience: 'discount',
    });
    expect(response.issued_token_type).toBe(TOKEN_TYPES.accessToken);
    expect(response.token_type.toLowerCase()).toBe('bearer');
    expect(response.scope).toBe('discount.fullaccess');
    expect(decodeHeader(response.access_token)).toMatchObject({ typ: 'at+jwt', alg: 'RS256' });
    const claims = decodePayload(response.access_token);
    expect(claims).toMatchObject({ iss: authority.issuer, sub: 'alice', aud: 'discount', scope: 'discount.fullaccess', client_id: 'shoppingbasket', act: { sub: 'shoppingbasket' } });
    expect(claims.exp).toBeLessThanOrEqual(decodePayload(basketToken).exp as number);
    expect(response.expires_in).toBeGreaterThan(0);

    // What discount's AuthModule does with it.
    const principal = await new AccessTokenVerifier({ issuer: authority.issuer, audience: 'discount' }).verify(response.access_token);
    expect(principal.subject).toBe('alice');
    expect(principal.actor?.subject).toBe('shoppingbasket');
    expect([...principal.scopes]).toEqual(['discount.fullaccess']);
  });

  it('X8: answers with no-store, and accepts the resource indicator instead of the audience', async () => {
    const answer = await exchange(authority.issuer, authority.clients.shoppingbasket, { subject_token: basketToken, resource: MAIN_API_RESOURCES.discount.resource });
    expect(answer.status).toBe(200);
    expect(answer.cacheControl).toBe('no-store');
    expect(decodePayload(String(answer.body.access_token))).toMatchObject({ aud: 'discount', sub: 'alice' });
  });

  it('X10: leaves an audit event for the grant, with no token in it', async () => {
    const before = authority.auditEvents.length;
    await exchange(authority.issuer, authority.clients.shoppingbasket, { subject_token: basketToken, audience: 'discount' });
    const event = authority.auditEvents[before] as Record<string, unknown>;
    expect(event).toMatchObject({ type: 'token-exchange', outcome: 'granted', clientId: 'shoppingbasket', audience: 'discount', scopesGranted: ['discount.fullaccess'] });
    expect(event.subject).toEqual({ issuer: authority.issuer, sub: 'alice' });
    expect(findLeaks(JSON.stringify(event))).toEqual([]);
    expect(JSON.stringify(event)).not.toContain(basketToken.split('.')[2]);
  });

  it.each<[string, () => { client: { id: string; secret: string }; parameters: Record<string, string> }, number, string, string | undefined]>([
    ['X1: a wrong client secret', () => ({ client: { id: 'shoppingbasket', secret: 'wrong' }, parameters: { subject_token: basketToken, audience: 'discount' } }), 401, 'invalid_client', undefined],
    ['X2: a client not allowed the grant (machine)', () => ({ client: authority.clients.machine, parameters: { subject_token: basketToken, audience: 'discount' } }), 400, 'unauthorized_client', undefined],
    ['X3: no subject_token', () => ({ client: authority.clients.shoppingbasket, parameters: { audience: 'discount' } }), 400, 'invalid_request', undefined],
    ['X5: a token for an audience no exchanging client owns (eventcatalog)', () => ({ client: authority.clients.shoppingbasket, parameters: { subject_token: catalogToken, audience: 'discount' } }), 400, 'invalid_request', 'ERR_SUBJECT_TOKEN_INVALID'],
    ['X5: a token issued to another service (shoppingbasket\'s, exchanged by partner-gateway)', () => ({ client: authority.clients.partnerGateway, parameters: { subject_token: basketToken, audience: 'eventcatalog' } }), 400, 'invalid_request', 'ERR_SUBJECT_NOT_FOR_CLIENT'],
    ['X5: a tampered subject token', () => ({ client: authority.clients.shoppingbasket, parameters: { subject_token: `${basketToken.slice(0, -4)}AAAA`, audience: 'discount' } }), 400, 'invalid_request', 'ERR_SUBJECT_TOKEN_INVALID'],
    ['X6: a scope beyond policy (eventcatalog.write)', () => ({ client: authority.clients.shoppingbasket, parameters: { subject_token: basketToken, audience: 'discount', scope: 'discount.fullaccess eventcatalog.write' } }), 400, 'invalid_scope', undefined],
    ['X7: an audience shoppingbasket may not obtain (eventcatalog)', () => ({ client: authority.clients.shoppingbasket, parameters: { subject_token: basketToken, audience: 'eventcatalog' } }), 400, 'invalid_target', undefined],
    ['X7: an unknown resource', () => ({ client: authority.clients.shoppingbasket, parameters: { subject_token: basketToken, resource: 'urn:globoticket:payments' } }), 400, 'invalid_target', undefined],
  ])('refuses %s with the RFC error, no-store and an audit event', async (_case, request, status, error, reason) => {
    const { client, parameters } = request();
    const before = authority.auditEvents.length;
    const answer = await exchange(authority.issuer, client, parameters);
    expect(answer.status).toBe(status);
    expect(answer.body.error).toBe(error);
    expect(answer.body).not.toHaveProperty('access_token');
    expect(answer.cacheControl).toBe('no-store');
    const event = authority.auditEvents[before] as Record<string, unknown> | undefined;
    expect(event).toMatchObject({ type: 'token-exchange', outcome: 'refused', error, scopesGranted: [] });
    if (reason) expect(event?.reason).toBe(reason);
  });
});
