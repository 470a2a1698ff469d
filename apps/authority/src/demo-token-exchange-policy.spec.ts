import { explainTokenExchange, validateTokenExchangePolicy } from '@baton/authority';
import { demoTokenExchangePolicy } from './demo-token-exchange-policy.js';

const MAIN = 'http://localhost:4000';
const PARTNER = 'http://localhost:4010';
const NOW = 1_800_000_000;
const policy = validateTokenExchangePolicy(demoTokenExchangePolicy({ partnerIssuer: PARTNER, accessTokenTtl: 300 }));

const alice = { iss: MAIN, sub: 'alice', aud: 'shoppingbasket', exp: NOW + 600, scope: 'shoppingbasket.fullaccess', client_id: 'web' };
const carol = {
  iss: PARTNER,
  sub: 'carol',
  aud: 'partner-gateway',
  exp: NOW + 600,
  scope: 'events:read',
  name: 'Carol Clark',
  email: 'carol@partner.example',
  email_verified: true,
  group: ['admin'],
  department: 'marketing',
};

const explain = (clientId: string, subjectClaims: Record<string, unknown>, target: { audience?: string; resource?: string; scope?: string }) =>
  explainTokenExchange(policy, { clientId, subjectClaims, issuer: MAIN, now: NOW, ...target });

describe('the demo token-exchange policy (dry runs with explainTokenExchange)', () => {
  it.each<[string, string, Record<string, unknown>, { audience?: string; resource?: string; scope?: string }, readonly string[]]>([
    ['shoppingbasket → discount, default scope', 'shoppingbasket', alice, { audience: 'discount' }, ['discount.fullaccess']],
    ['shoppingbasket → discount by resource indicator', 'shoppingbasket', alice, { resource: 'urn:globoticket:discount', scope: 'discount.fullaccess' }, ['discount.fullaccess']],
    ['partner admin in marketing, read and write', 'partner-gateway', carol, { audience: 'eventcatalog', scope: 'eventcatalog.read eventcatalog.write' }, ['eventcatalog.read', 'eventcatalog.write']],
    ['partner user, no scope asked: the minimal default', 'partner-gateway', carol, { audience: 'eventcatalog' }, ['eventcatalog.read']],
    ['marketing without events:read still reads (claims rule)', 'partner-gateway', { ...carol, scope: 'profile', group: [] }, { audience: 'eventcatalog', scope: 'eventcatalog.read' }, ['eventcatalog.read']],
  ])('grants %s', (_case, clientId, subject, target, scopes) => {
    const decision = explain(clientId, subject, target);
    expect(decision).toMatchObject({ granted: true, scopes });
  });

  it('names shoppingbasket in act and keeps alice as the subject', () => {
    expect(explain('shoppingbasket', alice, { audience: 'discount' })).toMatchObject({ granted: true, subject: 'alice', audience: 'discount', act: { sub: 'shoppingbasket' } });
  });

  it('prefixes partner subjects and transforms their claims (copy, rename, set; group never copied)', () => {
    const decision = explain('partner-gateway', carol, { audience: 'eventcatalog' });
    expect(decision).toMatchObject({ granted: true, subject: 'partner|carol', act: { sub: 'partner-gateway' } });
    if (!decision.granted) throw new Error('expected a grant');
    expect(decision.claims).toEqual({ name: 'Carol Clark', email: 'carol@partner.example', partner_department: 'marketing', partner: 'partner.example' });
  });

  it('reduces: an unverified partner email loses write and its email claim', () => {
    const unverified = { ...carol, email_verified: false };
    expect(explain('partner-gateway', unverified, { audience: 'eventcatalog', scope: 'eventcatalog.write' })).toMatchObject({ granted: false, error: 'invalid_scope' });
    const read = explain('partner-gateway', unverified, { audience: 'eventcatalog', scope: 'eventcatalog.read' });
    if (!read.granted) throw new Error('expected a grant');
    expect(read.claims).not.toHaveProperty('email');
    expect(read.rules).toEqual(expect.arrayContaining([expect.stringContaining('no catalog edits without a verified email')]));
  });

  it.each<[string, string, Record<string, unknown>, { audience?: string; resource?: string; scope?: string }, string]>([
    ['X6: a partner user who is not an admin asks write', 'partner-gateway', { ...carol, group: ['staff'] }, { audience: 'eventcatalog', scope: 'eventcatalog.write' }, 'invalid_scope'],
    ['X6: shoppingbasket asks a scope of another API', 'shoppingbasket', alice, { audience: 'discount', scope: 'eventcatalog.read' }, 'invalid_scope'],
    ['X6: a subject without shoppingbasket.fullaccess', 'shoppingbasket', { ...alice, scope: 'eventcatalog.read' }, { audience: 'discount' }, 'invalid_scope'],
    ['X7: shoppingbasket → eventcatalog', 'shoppingbasket', alice, { audience: 'eventcatalog' }, 'invalid_target'],
    ['X7: partner-gateway → discount', 'partner-gateway', carol, { audience: 'discount' }, 'invalid_target'],
    ['X6: a main-authority token maps to no eventcatalog scope', 'partner-gateway', { ...alice, aud: 'partner-gateway' }, { audience: 'eventcatalog' }, 'invalid_scope'],
    ['X5: shoppingbasket with a partner token', 'shoppingbasket', { ...carol, aud: 'shoppingbasket' }, { audience: 'discount' }, 'invalid_request'],
    ['X2: the web client, not in the policy', 'web', alice, { audience: 'discount' }, 'unauthorized_client'],
  ])('refuses %s', (_case, clientId, subject, target, error) => {
    expect(explain(clientId, subject, target)).toMatchObject({ granted: false, error });
  });

  it('is valid as written and names the partner issuer it trusts', () => {
    expect(policy.trustedIssuers?.map((issuer) => [issuer.issuer, issuer.jwksUri, issuer.algorithms])).toEqual([[PARTNER, `${PARTNER}/jwks`, ['ES256']]]);
  });
});
