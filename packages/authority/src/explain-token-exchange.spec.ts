import { explainTokenExchange, type TokenExchangeInput } from './explain-token-exchange.js';
import type { TokenExchangeDecision } from './policy/token-exchange-decision.js';
import type { TokenExchangePolicy } from './policy/token-exchange-policy.js';
import { validateTokenExchangePolicy } from './policy/validate-token-exchange-policy.js';

const ISSUER = 'https://auth.example.com';
const PARTNER = 'https://partner.example.com';
const NOW = 1_900_000_000;

const policy: TokenExchangePolicy = validateTokenExchangePolicy({
  audiences: {
    discount: { scopes: ['discount.fullaccess', 'discount.read', 'discount.admin'], defaultScopes: ['discount.read'], resources: ['https://discount.example.com/'], tokenLifetime: 120 },
    eventcatalog: { scopes: ['eventcatalog.read', 'eventcatalog.write'], defaultScopes: ['eventcatalog.read'] },
    'https://documents.example.com': { scopes: ['read:documents', 'write:documents', 'read:analytics', 'email', 'profile', 'calendar.events.read'], defaultScopes: ['read:documents', 'email'] },
  },
  clients: {
    shoppingbasket: { ownAudiences: ['shoppingbasket'], targets: { discount: { scopes: ['discount.fullaccess', 'discount.read'] } } },
    gateway: {
      ownAudiences: ['gateway', 'gateway-internal'],
      subjectIssuers: [PARTNER],
      targets: {
        eventcatalog: { scopes: ['eventcatalog.read', 'eventcatalog.write'] },
        'https://documents.example.com': { scopes: ['read:documents', 'write:documents', 'read:analytics', 'email', 'profile', 'calendar.events.read'] },
      },
    },
    console: { ownAudiences: ['console'], actorTokens: true, impersonation: true, targets: { discount: { scopes: ['discount.read'] } } },
  },
  mapping: {
    scopes: { 'shoppingbasket.fullaccess': ['discount.fullaccess', 'discount.read'], 'console.use': 'discount.read' },
    rules: [{ name: 'no admin via basket', when: { client: 'shoppingbasket' }, remove: ['discount.admin'] }],
    claims: [{ copy: 'email' }],
  },
  trustedIssuers: [{
    issuer: PARTNER,
    subjectPrefix: 'partner|',
    mapping: {
      scopes: { openid: ['email', 'profile'], 'read:calendar': 'calendar.events.read', 'catalog:browse': 'eventcatalog.read', 'documents:read': 'read:documents' },
      rules: [
        { name: 'admins write documents', when: { claim: 'group', contains: 'admin' }, add: ['write:documents'] },
        { name: 'marketing analytics', when: { claim: 'department', equals: 'marketing' }, add: ['read:analytics'] },
        { name: 'editors', when: { all: [{ scope: 'catalog:browse' }, { claim: 'role', in: ['editor', 'owner'] }] }, add: ['eventcatalog.write'] },
        { name: 'suspended', when: { claim: 'suspended', equals: true }, remove: ['read:documents', 'write:documents'] },
        { name: 'only documents get analytics', when: { not: { audience: 'https://documents.example.com' } }, remove: ['read:analytics'] },
      ],
      claims: [
        { copy: ['email', 'department', 'nope'] },
        { rename: 'preferred_username', to: 'username' },
        { rename: ['org', 'name'], to: 'organisation' },
        { drop: 'department', when: { claim: 'department', equals: 'internal' } },
        { set: 'partner', value: { trusted: true, tier: 2 } },
      ],
    },
  }],
  maxActorDepth: 3,
});

const own = (claims: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: ISSUER, sub: 'alice', aud: 'shoppingbasket', exp: NOW + 600, scope: 'shoppingbasket.fullaccess', email: 'alice@example.com', ...claims,
});
const partner = (claims: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: PARTNER, sub: 'bob', aud: 'gateway', exp: NOW + 600, scope: 'openid documents:read', email: 'bob@partner.example', ...claims,
});

function decide(input: Partial<TokenExchangeInput>): TokenExchangeDecision {
  return explainTokenExchange(policy, { clientId: 'shoppingbasket', subjectClaims: own(), audience: 'discount', now: NOW, issuer: ISSUER, ...input });
}

function refusedWith(decision: TokenExchangeDecision): Pick<Extract<TokenExchangeDecision, { granted: false }>, 'error' | 'reason' | 'decidedBy'> | 'granted' {
  return decision.granted ? 'granted' : { error: decision.error, reason: decision.reason, decidedBy: decision.decidedBy };
}

describe('explainTokenExchange: a granted exchange', () => {
  it('issues the default minimal scope for the audience, names the acting client in act, copies mapped claims', () => {
    expect(decide({})).toEqual({
      granted: true,
      clientId: 'shoppingbasket',
      subjectIssuer: ISSUER,
      subject: 'alice',
      audience: 'discount',
      scopes: ['discount.read'],
      claims: { email: 'alice@example.com' },
      act: { sub: 'shoppingbasket', client_id: 'shoppingbasket' },
      expiresAt: NOW + 120,
      decidedBy: 'policy.clients.shoppingbasket.targets.discount',
      rules: ['policy.mapping.scopes["shoppingbasket.fullaccess"]', 'policy.mapping.rules[0] (no admin via basket)', 'policy.mapping.claims[0]'],
    });
  });

  it.each<[string, Partial<TokenExchangeInput>, readonly string[]]>([
    ['requested scope', { scope: 'discount.fullaccess' }, ['discount.fullaccess']],
    ['two requested scopes, in request order', { scope: 'discount.read discount.fullaccess' }, ['discount.read', 'discount.fullaccess']],
    ['a repeated scope once', { scope: 'discount.read  discount.read' }, ['discount.read']],
    ['resource instead of audience', { audience: undefined, resource: 'https://discount.example.com/' }, ['discount.read']],
    ['audience and its resource', { resource: 'https://discount.example.com/' }, ['discount.read']],
    ['the same audience twice', { audience: ['discount', 'discount'] }, ['discount.read']],
    ['a subject token with several audiences, one of them the client\'s', { subjectClaims: own({ aud: ['eventcatalog', 'shoppingbasket'] }) }, ['discount.read']],
    ['scp as an array', { subjectClaims: own({ scope: undefined, scp: ['shoppingbasket.fullaccess'] }), scope: 'discount.fullaccess' }, ['discount.fullaccess']],
  ])('%s', (_name, input, scopes) => {
    const decision = decide(input);
    expect(decision.granted && decision.scopes).toEqual(scopes);
  });

  it('an audience identifier that is a URI is its own resource indicator', () => {
    const decision = decide({ clientId: 'gateway', subjectClaims: partner(), audience: undefined, resource: 'https://documents.example.com' });
    expect(decision.granted && decision.audience).toBe('https://documents.example.com');
  });
});

describe('explainTokenExchange: targets (X7)', () => {
  it.each<[string, Partial<TokenExchangeInput>, ReturnType<typeof refusedWith>]>([
    ['no audience and no resource', { audience: undefined }, { error: 'invalid_request', reason: 'ERR_TARGET_MISSING', decidedBy: undefined }],
    ['an unknown audience', { audience: 'payments' }, { error: 'invalid_target', reason: 'ERR_TARGET_UNKNOWN', decidedBy: 'policy.audiences' }],
    ['an audience named like a prototype member', { audience: 'constructor' }, { error: 'invalid_target', reason: 'ERR_TARGET_UNKNOWN', decidedBy: 'policy.audiences' }],
    ['an unknown resource', { audience: undefined, resource: 'https://discount.example.com/other' }, { error: 'invalid_target', reason: 'ERR_TARGET_UNKNOWN', decidedBy: 'policy.audiences' }],
    ['an audience the client may not target', { audience: 'eventcatalog' }, { error: 'invalid_target', reason: 'ERR_TARGET_NOT_ALLOWED', decidedBy: 'policy.clients.shoppingbasket.targets' }],
    ['two audiences', { audience: ['discount', 'eventcatalog'] }, { error: 'invalid_target', reason: 'ERR_TARGET_MULTIPLE', decidedBy: undefined }],
    ['an audience and another audience\'s resource', { resource: 'https://documents.example.com' }, { error: 'invalid_target', reason: 'ERR_TARGET_MULTIPLE', decidedBy: undefined }],
  ])('%s', (_name, input, expected) => {
    expect(refusedWith(decide(input))).toEqual(expected);
  });
});

describe('explainTokenExchange: least privilege (X6)', () => {
  it.each<[string, Partial<TokenExchangeInput>, ReturnType<typeof refusedWith>]>([
    ['a scope the client may not obtain there', { scope: 'discount.admin' }, { error: 'invalid_scope', reason: 'ERR_SCOPE_NOT_ALLOWED', decidedBy: 'policy.clients.shoppingbasket.targets.discount' }],
    ['a scope of another audience', { scope: 'eventcatalog.read' }, { error: 'invalid_scope', reason: 'ERR_SCOPE_UNKNOWN', decidedBy: 'policy.audiences.discount.scopes' }],
    ['a scope that is a prefix of an allowed one', { scope: 'discount' }, { error: 'invalid_scope', reason: 'ERR_SCOPE_UNKNOWN', decidedBy: 'policy.audiences.discount.scopes' }],
    ['a scope differing in case', { scope: 'Discount.Read' }, { error: 'invalid_scope', reason: 'ERR_SCOPE_UNKNOWN', decidedBy: 'policy.audiences.discount.scopes' }],
    ['one allowed and one not: never a partial grant', { scope: 'discount.read discount.admin' }, { error: 'invalid_scope', reason: 'ERR_SCOPE_NOT_ALLOWED', decidedBy: 'policy.clients.shoppingbasket.targets.discount' }],
    ['a scope the subject does not hold', { subjectClaims: own({ scope: 'shoppingbasket.read' }), scope: 'discount.read' }, { error: 'invalid_scope', reason: 'ERR_SCOPE_NOT_HELD', decidedBy: 'policy.mapping' }],
    ['no scope requested and the subject maps to none', { subjectClaims: own({ scope: 'profile' }) }, { error: 'invalid_scope', reason: 'ERR_SCOPE_NONE', decidedBy: 'policy.audiences.discount.defaultScopes' }],
    ['a subject with no scope at all', { subjectClaims: own({ scope: undefined }) }, { error: 'invalid_scope', reason: 'ERR_SCOPE_NONE', decidedBy: 'policy.audiences.discount.defaultScopes' }],
  ])('%s', (_name, input, expected) => {
    expect(refusedWith(decide(input))).toEqual(expected);
  });

  it('maps only what the subject holds: a console token maps to discount.read, not fullaccess', () => {
    const input = { clientId: 'console', subjectClaims: own({ aud: 'console', scope: 'console.use' }) };
    expect(refusedWith(decide({ ...input, scope: 'discount.fullaccess' }))).toEqual({ error: 'invalid_scope', reason: 'ERR_SCOPE_NOT_ALLOWED', decidedBy: 'policy.clients.console.targets.discount' });
    const granted = decide(input);
    expect(granted.granted && granted.scopes).toEqual(['discount.read']);
  });
});

describe('explainTokenExchange: the client and the subject token', () => {
  it.each<[string, Partial<TokenExchangeInput>, ReturnType<typeof refusedWith>]>([
    ['a client not in the policy', { clientId: 'stranger' }, { error: 'unauthorized_client', reason: 'ERR_CLIENT_NOT_IN_POLICY', decidedBy: 'policy.clients' }],
    ['a client id naming a prototype member', { clientId: 'constructor' }, { error: 'unauthorized_client', reason: 'ERR_CLIENT_NOT_IN_POLICY', decidedBy: 'policy.clients' }],
    ['a subject token issued to another service', { subjectClaims: own({ aud: 'eventcatalog' }) }, { error: 'invalid_request', reason: 'ERR_SUBJECT_NOT_FOR_CLIENT', decidedBy: 'policy.clients.shoppingbasket.ownAudiences' }],
    ['a subject token of the target audience itself', { subjectClaims: own({ aud: 'discount' }) }, { error: 'invalid_request', reason: 'ERR_SUBJECT_NOT_FOR_CLIENT', decidedBy: 'policy.clients.shoppingbasket.ownAudiences' }],
    ['an untrusted issuer', { subjectClaims: own({ iss: 'https://evil.example.com' }) }, { error: 'invalid_request', reason: 'ERR_SUBJECT_TOKEN_INVALID', decidedBy: 'policy.trustedIssuers' }],
    ['a trusted issuer this client may not use', { subjectClaims: partner({ aud: 'shoppingbasket' }) }, { error: 'invalid_request', reason: 'ERR_SUBJECT_ISSUER_NOT_ALLOWED', decidedBy: 'policy.clients.shoppingbasket.subjectIssuers' }],
    ['no sub', { subjectClaims: own({ sub: undefined }) }, { error: 'invalid_request', reason: 'ERR_SUBJECT_TOKEN_INVALID', decidedBy: undefined }],
    ['an empty sub', { subjectClaims: own({ sub: '' }) }, { error: 'invalid_request', reason: 'ERR_SUBJECT_TOKEN_INVALID', decidedBy: undefined }],
    ['a numeric scope', { subjectClaims: own({ scope: 7 }) }, { error: 'invalid_request', reason: 'ERR_SUBJECT_TOKEN_INVALID', decidedBy: undefined }],
    ['an act that is not an object', { subjectClaims: own({ act: 'web' }) }, { error: 'invalid_request', reason: 'ERR_SUBJECT_TOKEN_INVALID', decidedBy: undefined }],
    ['a may_act that is not an object', { subjectClaims: own({ may_act: ['shoppingbasket'] }) }, { error: 'invalid_request', reason: 'ERR_SUBJECT_TOKEN_INVALID', decidedBy: undefined }],
    ['no exp', { subjectClaims: own({ exp: undefined }) }, { error: 'invalid_request', reason: 'ERR_SUBJECT_TOKEN_INVALID', decidedBy: undefined }],
  ])('%s', (_name, input, expected) => {
    expect(refusedWith(decide(input))).toEqual(expected);
  });

  it('without the authority issuer, a token of an issuer the policy does not trust counts as an own token', () => {
    expect(decide({ issuer: undefined, subjectClaims: own({ iss: 'https://other.example.com' }) }).granted).toBe(true);
  });
});

describe('explainTokenExchange: scope mapping between authorities', () => {
  const gateway = (claims: Record<string, unknown>, input: Partial<TokenExchangeInput> = {}) =>
    decide({ clientId: 'gateway', subjectClaims: partner(claims), audience: 'https://documents.example.com', ...input });

  it.each<[string, Record<string, unknown>, string, readonly string[] | ReturnType<typeof refusedWith>]>([
    ['direct: openid → email profile', { scope: 'openid' }, 'email profile', ['email', 'profile']],
    ['direct: read:calendar → calendar.events.read', { scope: 'read:calendar' }, 'calendar.events.read', ['calendar.events.read']],
    ['claims rule: group contains admin → write:documents', { group: ['staff', 'admin'] }, 'write:documents', ['write:documents']],
    ['claims rule: no admin group, no write:documents', { group: ['staff'] }, 'write:documents', { error: 'invalid_scope', reason: 'ERR_SCOPE_NOT_HELD', decidedBy: 'policy.trustedIssuers[0].mapping' }],
    ['claims rule: department = marketing → read:analytics', { department: 'marketing' }, 'read:analytics', ['read:analytics']],
    ['claims rule: department = sales gives no analytics', { department: 'sales' }, 'read:analytics', { error: 'invalid_scope', reason: 'ERR_SCOPE_NOT_HELD', decidedBy: 'policy.trustedIssuers[0].mapping' }],
    ['reduction wins over mapping and expansion', { suspended: true, group: 'admin' }, 'read:documents', { error: 'invalid_scope', reason: 'ERR_SCOPE_NOT_HELD', decidedBy: 'policy.trustedIssuers[0].mapping' }],
    ['reduction of a rule-added scope', { suspended: true, group: 'admin' }, 'write:documents', { error: 'invalid_scope', reason: 'ERR_SCOPE_NOT_HELD', decidedBy: 'policy.trustedIssuers[0].mapping' }],
    ['an unmapped partner scope maps to nothing', { scope: 'partner:secret' }, 'read:documents', { error: 'invalid_scope', reason: 'ERR_SCOPE_NOT_HELD', decidedBy: 'policy.trustedIssuers[0].mapping' }],
    ['a partner scope named like one of ours does not pass through', { scope: 'write:documents' }, 'write:documents', { error: 'invalid_scope', reason: 'ERR_SCOPE_NOT_HELD', decidedBy: 'policy.trustedIssuers[0].mapping' }],
  ])('%s', (_name, claims, scope, expected) => {
    const decision = gateway(claims, { scope });
    expect(decision.granted ? decision.scopes : refusedWith(decision)).toEqual(expected);
  });

  it('conditional expansion: browsing editors may write the catalog, browsing readers may not', () => {
    const editor = gateway({ scope: 'catalog:browse', role: 'editor' }, { audience: 'eventcatalog', scope: 'eventcatalog.read eventcatalog.write' });
    expect(editor.granted && editor.scopes).toEqual(['eventcatalog.read', 'eventcatalog.write']);
    expect(editor.rules).toEqual([
      'policy.trustedIssuers[0].mapping.scopes["catalog:browse"]',
      'policy.trustedIssuers[0].mapping.rules[2] (editors)',
      'policy.trustedIssuers[0].mapping.rules[4] (only documents get analytics)',
      'policy.trustedIssuers[0].mapping.claims[0]',
      'policy.trustedIssuers[0].mapping.claims[1]',
      'policy.trustedIssuers[0].mapping.claims[2]',
      'policy.trustedIssuers[0].mapping.claims[4]',
    ]);
    const reader = gateway({ scope: 'catalog:browse', role: 'reader' }, { audience: 'eventcatalog', scope: 'eventcatalog.write' });
    expect(refusedWith(reader)).toEqual({ error: 'invalid_scope', reason: 'ERR_SCOPE_NOT_HELD', decidedBy: 'policy.trustedIssuers[0].mapping' });
  });

  it('a rule on the target audience: analytics only toward documents', () => {
    const decision = gateway({ department: 'marketing', scope: 'catalog:browse' }, { audience: 'eventcatalog' });
    expect(decision.granted && decision.scopes).toEqual(['eventcatalog.read']);
  });

  it('default scopes are intersected with what the subject may have', () => {
    const decision = gateway({ scope: 'documents:read' });
    expect(decision.granted && decision.scopes).toEqual(['read:documents']);
    const both = gateway({ scope: 'openid documents:read' });
    expect(both.granted && both.scopes).toEqual(['read:documents', 'email']);
  });

  it('prefixes the partner subject and transforms claims: copy, rename (also from a nested path), conditional drop, set', () => {
    const decision = gateway({ department: 'marketing', preferred_username: 'bobby', org: { name: 'Partner Ltd' }, secret: 's' });
    expect(decision.granted && { subject: decision.subject, claims: decision.claims }).toEqual({
      subject: 'partner|bob',
      claims: { email: 'bob@partner.example', department: 'marketing', username: 'bobby', organisation: 'Partner Ltd', partner: { trusted: true, tier: 2 } },
    });
    const internal = gateway({ department: 'internal' });
    expect(internal.granted && internal.claims).toEqual({ email: 'bob@partner.example', partner: { trusted: true, tier: 2 } });
  });

  it('copies values, never shares them', () => {
    const org = { name: 'Partner Ltd' };
    const decision = gateway({ org });
    org.name = 'changed';
    expect(decision.granted && decision.claims['organisation']).toBe('Partner Ltd');
  });

  it('accepts a partner token whose aud names another audience the client owns', () => {
    expect(gateway({ aud: ['elsewhere', 'gateway-internal'] }).granted).toBe(true);
  });
});

describe('explainTokenExchange: delegation (act)', () => {
  it('nests the subject token\'s chain inside the new actor', () => {
    const decision = decide({ subjectClaims: own({ act: { sub: 'web', client_id: 'web' } }) });
    expect(decision.granted && decision.act).toEqual({ sub: 'shoppingbasket', client_id: 'shoppingbasket', act: { sub: 'web', client_id: 'web' } });
  });

  it.each<[string, Record<string, unknown> | undefined, boolean]>([
    ['no chain: depth 1', undefined, true],
    ['a chain of 1: depth 2', { sub: 'a' }, true],
    ['a chain of 2: depth 3 = maxActorDepth', { sub: 'a', act: { sub: 'b' } }, true],
    ['a chain of 3: depth 4 > maxActorDepth', { sub: 'a', act: { sub: 'b', act: { sub: 'c' } } }, false],
  ])('bounds the chain depth: %s', (_name, act, granted) => {
    const decision = decide({ subjectClaims: own(act === undefined ? {} : { act }) });
    expect(decision.granted ? 'granted' : refusedWith(decision)).toEqual(
      granted ? 'granted' : { error: 'invalid_request', reason: 'ERR_DELEGATION_TOO_DEEP', decidedBy: 'policy.maxActorDepth' },
    );
  });

  it('impersonation, when allowed, issues no act for a subject without a chain', () => {
    const decision = decide({ clientId: 'console', subjectClaims: own({ aud: 'console', scope: 'console.use' }) });
    expect(decision.granted && decision.act).toBeUndefined();
  });

  it('impersonation keeps an earlier chain as it is', () => {
    const decision = decide({ clientId: 'console', subjectClaims: own({ aud: 'console', scope: 'console.use', act: { sub: 'web' } }) });
    expect(decision.granted && decision.act).toEqual({ sub: 'web' });
  });

  it('names the actor token\'s subject (and a trusted actor issuer) as the actor', () => {
    const decision = decide({
      clientId: 'console',
      subjectClaims: own({ aud: 'console', scope: 'console.use', act: { sub: 'web' } }),
      actorClaims: { iss: ISSUER, sub: 'carol', aud: 'console', exp: NOW + 60 },
    });
    expect(decision.granted && { act: decision.act, expiresAt: decision.expiresAt }).toEqual({ act: { sub: 'carol', act: { sub: 'web' } }, expiresAt: NOW + 60 });
  });

  it.each<[string, Partial<TokenExchangeInput>, ReturnType<typeof refusedWith>]>([
    ['an actor token from a client not allowed to send one', { actorClaims: { iss: ISSUER, sub: 'carol', aud: 'shoppingbasket', exp: NOW + 60 } }, { error: 'invalid_request', reason: 'ERR_ACTOR_TOKEN_NOT_ALLOWED', decidedBy: 'policy.clients.shoppingbasket.actorTokens' }],
    ['an actor token issued to another service', { clientId: 'console', subjectClaims: own({ aud: 'console', scope: 'console.use' }), actorClaims: { iss: ISSUER, sub: 'carol', aud: 'shoppingbasket', exp: NOW + 60 } }, { error: 'invalid_request', reason: 'ERR_ACTOR_NOT_FOR_CLIENT', decidedBy: 'policy.clients.console.ownAudiences' }],
    ['an actor token of a trusted issuer the client may not use', { clientId: 'console', subjectClaims: own({ aud: 'console', scope: 'console.use' }), actorClaims: { iss: PARTNER, sub: 'carol', aud: 'console', exp: NOW + 60 } }, { error: 'invalid_request', reason: 'ERR_ACTOR_ISSUER_NOT_ALLOWED', decidedBy: 'policy.clients.console.subjectIssuers' }],
    ['an actor token of an untrusted issuer', { clientId: 'console', subjectClaims: own({ aud: 'console', scope: 'console.use' }), actorClaims: { iss: 'https://evil.example.com', sub: 'carol', aud: 'console', exp: NOW + 60 } }, { error: 'invalid_request', reason: 'ERR_ACTOR_TOKEN_INVALID', decidedBy: 'policy.trustedIssuers' }],
    ['an actor token without sub', { clientId: 'console', subjectClaims: own({ aud: 'console', scope: 'console.use' }), actorClaims: { iss: ISSUER, aud: 'console', exp: NOW + 60 } }, { error: 'invalid_request', reason: 'ERR_ACTOR_TOKEN_INVALID', decidedBy: undefined }],
  ])('refuses %s', (_name, input, expected) => {
    expect(refusedWith(decide(input))).toEqual(expected);
  });
});

describe('explainTokenExchange: may_act (X9)', () => {
  const consoleSubject = (mayAct: unknown) => own({ aud: 'console', scope: 'console.use', may_act: mayAct });
  const carol = { iss: ISSUER, sub: 'carol', aud: 'console', exp: NOW + 60 };

  it.each<[string, Partial<TokenExchangeInput>, boolean]>([
    ['sub names the acting client', { subjectClaims: own({ may_act: { sub: 'shoppingbasket' } }) }, true],
    ['client_id names the acting client', { subjectClaims: own({ may_act: { client_id: 'shoppingbasket' } }) }, true],
    ['sub and iss name the client of this authority', { subjectClaims: own({ may_act: { sub: 'shoppingbasket', iss: ISSUER } }) }, true],
    ['sub names another party', { subjectClaims: own({ may_act: { sub: 'eventcatalog' } }) }, false],
    ['client_id names another client', { subjectClaims: own({ may_act: { client_id: 'web' } }) }, false],
    ['iss names another authority', { subjectClaims: own({ may_act: { sub: 'shoppingbasket', iss: PARTNER } }) }, false],
    ['iss cannot be checked without the authority issuer', { issuer: undefined, subjectClaims: own({ may_act: { sub: 'shoppingbasket', iss: ISSUER } }) }, false],
    ['an empty may_act allows no one', { subjectClaims: own({ may_act: {} }) }, false],
    ['a member that cannot be checked fails closed', { subjectClaims: own({ may_act: { sub: 'shoppingbasket', email: 'x@example.com' } }) }, false],
    ['a case-different sub', { subjectClaims: own({ may_act: { sub: 'ShoppingBasket' } }) }, false],
    ['the actor token\'s subject is the one allowed', { clientId: 'console', subjectClaims: consoleSubject({ sub: 'carol' }), actorClaims: carol }, true],
    ['the actor token\'s subject is not the one allowed', { clientId: 'console', subjectClaims: consoleSubject({ sub: 'dave' }), actorClaims: carol }, false],
    ['with an actor token, the client is not the actor', { clientId: 'console', subjectClaims: consoleSubject({ sub: 'console' }), actorClaims: carol }, false],
    ['enforced for impersonation too', { clientId: 'console', subjectClaims: consoleSubject({ sub: 'someone-else' }) }, false],
    ['impersonation by the allowed client', { clientId: 'console', subjectClaims: consoleSubject({ client_id: 'console' }) }, true],
  ])('%s', (_name, input, allowed) => {
    const decision = decide(input);
    expect(decision.granted ? 'granted' : refusedWith(decision)).toEqual(
      allowed ? 'granted' : { error: 'invalid_request', reason: 'ERR_MAY_ACT', decidedBy: 'subject token may_act' },
    );
  });
});

describe('explainTokenExchange: lifetime', () => {
  it.each<[string, number, number | 'refused']>([
    ['a long-lived subject: the audience lifetime', NOW + 3600, NOW + 120],
    ['a subject expiring sooner: its exp', NOW + 60, NOW + 60],
    ['a subject expiring in 1 s', NOW + 1, NOW + 1],
    ['a subject expiring now', NOW, 'refused'],
    ['a subject expired (within clock tolerance)', NOW - 2, 'refused'],
  ])('%s', (_name, exp, expected) => {
    const decision = decide({ subjectClaims: own({ exp }) });
    expect(decision.granted ? decision.expiresAt : decision.reason === 'ERR_SUBJECT_EXPIRING' && 'refused').toBe(expected);
  });
});

describe('explainTokenExchange: input checks', () => {
  it.each<[string, unknown, string]>([
    ['no client id', { subjectClaims: own() }, '`input.clientId` must be a string.'],
    ['claims not an object', { clientId: 'x', subjectClaims: 'eyJ…' }, '`input.subjectClaims` must be the decoded claims object of a token.'],
    ['audience not a string', { clientId: 'x', subjectClaims: own(), audience: 5 }, '`input.audience` must be a string or a list of strings.'],
    ['now not a number', { clientId: 'x', subjectClaims: own(), now: 'soon' }, '`input.now` must be a number of seconds since the epoch.'],
  ])('throws a TypeError for %s', (_name, input, message) => {
    expect(() => explainTokenExchange(policy, input as TokenExchangeInput)).toThrow(new TypeError(message));
  });

  it('throws the policy\'s TypeError for an invalid policy', () => {
    expect(() => explainTokenExchange({ audiences: {}, clients: {} }, { clientId: 'x', subjectClaims: own() })).toThrow('`policy.audiences` must not be empty');
  });
});
