import { AccessTokenVerifier } from '@baton/core';
import { decodePayload } from '@baton/testing';
import { exchangeClient, exchangeOf, refusalOf } from './exchange-client.test-helpers.js';
import { startTestAuthority, type TestAuthority } from './test-authority.test-helpers.js';

/**
 * The trusted second authority: a partner user's token, issued by the partner (a TestIssuer
 * with its own keys), is exchanged here by the partner's gateway for a token of ours that our
 * APIs accept, with scopes and claims mapped by the policy.
 */
let authority: TestAuthority;

beforeAll(async () => {
  authority = await startTestAuthority();
});
afterAll(async () => {
  await authority.close();
});
beforeEach(() => {
  authority.audits.length = 0;
});

it('a partner user browsing the catalog gets an eventcatalog token of ours, which eventcatalog accepts', async () => {
  const partnerToken = await authority.partner.mint({
    sub: 'bob', scope: 'openid catalog:browse', role: 'editor', email: 'bob@partner.example', preferred_username: 'bobby', department: 'marketing', internal_id: 42,
  });
  const gateway = await exchangeClient(authority, 'partner-gateway');
  const outcome = await gateway.exchange(exchangeOf(partnerToken, 'eventcatalog', { scope: 'eventcatalog.read eventcatalog.write' }));
  expect(outcome.status).toBe(200);
  expect(outcome.body['scope']).toBe('eventcatalog.read eventcatalog.write');

  const token = outcome.body['access_token'] as string;
  const eventcatalog = new AccessTokenVerifier({ issuer: authority.issuer, audience: 'eventcatalog' });
  const principal = await eventcatalog.verify(token);
  expect({ issuer: principal.issuer, subject: principal.subject, scopes: [...principal.scopes], audience: principal.audience }).toEqual({
    issuer: authority.issuer, subject: 'partner|bob', scopes: ['eventcatalog.read', 'eventcatalog.write'], audience: ['eventcatalog'],
  });
  const claims = decodePayload(token);
  expect({ email: claims['email'], username: claims['username'], department: claims['department'], partner: claims['partner'], internal_id: claims['internal_id'], role: claims['role'] })
    .toEqual({ email: 'bob@partner.example', username: 'bobby', department: 'marketing', partner: true, internal_id: undefined, role: undefined });
  expect(claims['act']).toEqual({ sub: 'partner-gateway', client_id: 'partner-gateway' });

  // A resource server that trusts only the partner never accepts our token, and ours never accepts the partner's.
  await expect(eventcatalog.verify(partnerToken)).rejects.toMatchObject({ code: 'ERR_TOKEN_ISSUER' });
  expect(authority.audits).toEqual([expect.objectContaining({
    outcome: 'granted',
    subject: { issuer: authority.partner.issuer, sub: 'bob' },
    rules: expect.arrayContaining(['policy.trustedIssuers[0].mapping.scopes["catalog:browse"]', 'policy.trustedIssuers[0].mapping.rules[2] (editors edit the catalog)']),
  })]);
});

it.each<[string, Record<string, unknown>, string, string | { error: string; reason: string }]>([
  ['openid → email profile', { scope: 'openid' }, 'email profile', 'email profile'],
  ['read:calendar → calendar.events.read', { scope: 'read:calendar' }, 'calendar.events.read', 'calendar.events.read'],
  ['group contains admin → write:documents', { scope: 'documents:read', group: ['staff', 'admin'] }, 'read:documents write:documents', 'read:documents write:documents'],
  ['no admin group → no write:documents', { scope: 'documents:read', group: ['staff'] }, 'write:documents', { error: 'invalid_scope', reason: 'ERR_SCOPE_NOT_HELD' }],
  ['department = marketing → read:analytics', { department: 'marketing' }, 'read:analytics', 'read:analytics'],
  ['a suspended admin loses write:documents', { scope: 'documents:read', group: 'admin', suspended: true }, 'write:documents', { error: 'invalid_scope', reason: 'ERR_SCOPE_NOT_HELD' }],
  ['a partner scope with one of our names does not pass through', { scope: 'write:documents' }, 'write:documents', { error: 'invalid_scope', reason: 'ERR_SCOPE_NOT_HELD' }],
  ['no scope asked: the default minimal set', { scope: 'documents:read openid' }, '', 'read:documents'],
])('mapping over HTTP: %s', async (_name, claims, scope, expected) => {
  const gateway = await exchangeClient(authority, 'partner-gateway');
  const outcome = await gateway.exchange(exchangeOf(await authority.partner.mint(claims), 'documents', scope === '' ? {} : { scope }));
  if (typeof expected === 'string') {
    expect(outcome.status).toBe(200);
    expect(decodePayload(outcome.body['access_token'] as string)['scope']).toBe(expected);
  } else {
    expect(refusalOf(outcome)).toEqual({ status: 400, error: expected.error, cacheControl: 'no-store' });
    expect(authority.audits.at(-1)?.reason).toBe(expected.reason);
  }
});

it('a partner token issued to another of the partner\'s audiences is refused', async () => {
  const gateway = await exchangeClient(authority, 'partner-gateway');
  const outcome = await gateway.exchange(exchangeOf(await authority.partner.mint({ aud: 'partner-internal-api', scope: 'openid' }), 'documents'));
  expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
  expect(authority.audits.at(-1)).toMatchObject({ reason: 'ERR_SUBJECT_TOKEN_INVALID', tokenError: 'ERR_TOKEN_AUDIENCE' });
});

describe('the partner rotating its keys', () => {
  let rotating: TestAuthority;
  beforeAll(async () => {
    rotating = await startTestAuthority({ jwks: { cooldown: 0 } });
  });
  afterAll(async () => {
    await rotating.close();
  });

  it('tokens signed with the new key are exchanged after one JWKS refetch', async () => {
    const gateway = await exchangeClient(rotating, 'partner-gateway');
    expect((await gateway.exchange(exchangeOf(await rotating.partner.mint({ scope: 'documents:read' }), 'documents'))).status).toBe(200);
    const fetches = rotating.partner.jwksRequests;
    rotating.partner.rotate();
    const after = await gateway.exchange(exchangeOf(await rotating.partner.mint({ scope: 'documents:read' }), 'documents'));
    expect([after.status, rotating.audits.at(-1)?.tokenError]).toEqual([200, undefined]);
    expect(rotating.partner.jwksRequests).toBe(fetches + 1);
  });
});
