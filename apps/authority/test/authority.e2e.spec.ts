import * as oidc from 'openid-client';
import { decodeHeader, decodePayload } from '@baton/testing';
import { startAuthority, type MainAuthorityClients, type RunningAuthority } from '../src/index.js';

describe('main authority: discovery, keys, client credentials', () => {
  let authority: RunningAuthority<MainAuthorityClients>;

  beforeAll(async () => {
    authority = await startAuthority();
  });
  afterAll(async () => {
    await authority.close();
  });

  it('publishes discovery at <issuer>/.well-known/openid-configuration', async () => {
    const response = await fetch(`${authority.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata.issuer).toBe(authority.issuer);
    expect(metadata.jwks_uri).toBe(`${authority.issuer}/jwks`);
    expect(metadata.token_endpoint).toBe(`${authority.issuer}/token`);
    expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']));
  });

  it('machine gets an RS256 at+jwt for eventcatalog with eventcatalog.read only', async () => {
    const configuration = await oidc.discovery(new URL(authority.issuer), authority.clients.machine.id, undefined, oidc.ClientSecretBasic(authority.clients.machine.secret), {
      execute: [oidc.allowInsecureRequests],
    });
    const tokens = await oidc.clientCredentialsGrant(configuration, { resource: 'urn:globoticket:eventcatalog', scope: 'eventcatalog.read eventcatalog.write' });
    const header = decodeHeader(tokens.access_token);
    const claims = decodePayload(tokens.access_token);
    expect(header).toMatchObject({ typ: 'at+jwt', alg: 'RS256' });
    expect(claims).toMatchObject({ iss: authority.issuer, aud: 'eventcatalog', scope: 'eventcatalog.read', client_id: 'machine', sub: 'machine' });
    expect(tokens.scope).toBe('eventcatalog.read');
  });
});
