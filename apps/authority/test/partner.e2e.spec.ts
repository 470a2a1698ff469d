import { decodeHeader, decodePayload } from '@baton/testing';
import { PARTNER_API_RESOURCES, SignInRefusedError, signInWithPassword, startPartnerAuthority, type PartnerAuthorityClients, type RunningAuthority } from '../src/index.js';

describe('partner authority', () => {
  let partner: RunningAuthority<PartnerAuthorityClients>;

  beforeAll(async () => {
    partner = await startPartnerAuthority();
  });
  afterAll(async () => {
    await partner.close();
  });

  const signIn = (username: string, password: string) =>
    signInWithPassword({
      issuer: partner.issuer,
      client: partner.clients.partnerPortal,
      redirectUri: partner.clients.partnerPortal.redirectUri,
      username,
      password,
      scope: 'openid profile events:read',
      resources: [PARTNER_API_RESOURCES.partnerGateway.resource],
      tokenResource: PARTNER_API_RESOURCES.partnerGateway.resource,
    });

  it('signs carol in through its own login form and issues an ES256 at+jwt for partner-gateway with her partner claims', async () => {
    const tokens = await signIn('carol', 'carol-demo');
    expect(decodeHeader(tokens.accessToken)).toMatchObject({ typ: 'at+jwt', alg: 'ES256' });
    expect(decodePayload(tokens.accessToken)).toMatchObject({
      iss: partner.issuer,
      sub: 'carol',
      aud: 'partner-gateway',
      scope: 'events:read',
      client_id: 'partner-portal',
      name: 'Carol Clark',
      email: 'carol@partner.example',
      email_verified: true,
      group: ['admin'],
      department: 'marketing',
    });
  });

  it('knows only its own users: alice of the main authority cannot sign in here', async () => {
    await expect(signIn('alice', 'alice-demo')).rejects.toBeInstanceOf(SignInRefusedError);
  });

  it('offers no client credentials, shoppingbasket or web client', async () => {
    const response = await fetch(`${partner.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('web:anything').toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('serves health with its role and issuer', async () => {
    const response = await fetch(`${partner.issuer}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', role: 'partner', issuer: partner.issuer });
  });
});
