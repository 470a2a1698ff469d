import type { TokenExchangePolicy } from './token-exchange-policy.js';
import { validateTokenExchangePolicy } from './validate-token-exchange-policy.js';

const PARTNER = 'https://partner.example.com';

function basePolicy(): Record<string, any> {
  return {
    audiences: {
      discount: { scopes: ['discount.fullaccess', 'discount.read'], defaultScopes: ['discount.read'], resources: ['https://discount.example.com'], tokenLifetime: 120 },
      documents: { scopes: ['read:documents', 'write:documents', 'email'] },
    },
    clients: {
      shoppingbasket: { ownAudiences: ['shoppingbasket'], targets: { discount: { scopes: ['discount.fullaccess'] } } },
      'partner.gateway': { ownAudiences: ['gateway'], subjectIssuers: [PARTNER], actorTokens: true, impersonation: false, targets: { documents: { scopes: ['read:documents'] } } },
    },
    mapping: { scopes: { 'shoppingbasket.fullaccess': ['discount.fullaccess'] } },
    trustedIssuers: [
      {
        issuer: PARTNER,
        jwksUri: `${PARTNER}/jwks`,
        algorithms: ['ES256'],
        accessTokenProfile: false,
        subjectPrefix: 'partner|',
        mapping: {
          scopes: { openid: 'email' },
          rules: [{ name: 'admins', when: { claim: 'group', contains: 'admin' }, add: ['write:documents'], remove: ['email'] }],
          claims: [{ copy: 'email' }, { rename: ['realm', 'name'], to: 'realm' }, { drop: ['email'], when: { scope: 'x' } }, { set: 'tier', value: { level: [1, 'a', null, true] } }],
        },
      },
    ],
    maxActorDepth: 3,
  };
}

type Mutation = (policy: Record<string, any>) => unknown;

/** [case, mutation, text the TypeError message must contain (path and fix)] */
const invalid: Array<[string, Mutation, string]> = [
  ['not an object', () => 'policy', '`policy` must be an object'],
  ['an unknown top-level setting', (p) => { p['audience'] = {}; }, '`policy.audience` is not a known setting; remove it or use one of: audiences, clients'],
  ['a function inside', (p) => { p['audiences'].discount.scopes = () => []; }, '`policy` must be plain data'],
  ['no audiences', (p) => { delete p['audiences']; }, '`policy.audiences` is missing'],
  ['no clients', (p) => { delete p['clients']; }, '`policy.clients` is missing'],
  ['empty audiences', (p) => { p['audiences'] = {}; }, '`policy.audiences` must not be empty'],
  ['audience without scopes', (p) => { delete p['audiences'].discount.scopes; }, '`policy.audiences.discount.scopes` must be a non-empty list of scope names'],
  ['audience scope with a space', (p) => { p['audiences'].discount.scopes = ['discount read']; }, '`policy.audiences.discount.scopes[0]` must be a scope name'],
  ['audience scope repeated', (p) => { p['audiences'].discount.scopes = ['a', 'a']; }, '`policy.audiences.discount.scopes[1]` repeats "a"'],
  ['audience setting misspelt', (p) => { p['audiences'].discount.scope = []; }, '`policy.audiences.discount.scope` is not a known setting; remove it or use one of: scopes, defaultScopes, resources, tokenLifetime'],
  ['default scope not in scopes', (p) => { p['audiences'].discount.defaultScopes = ['discount.admin']; }, '`policy.audiences.discount.defaultScopes[0]` is "discount.admin", which is not in `policy.audiences.discount.scopes`; add it there or remove it'],
  ['resource not a URI', (p) => { p['audiences'].discount.resources = ['discount']; }, '`policy.audiences.discount.resources[0]` must be an absolute URI without a fragment'],
  ['resource with a fragment', (p) => { p['audiences'].discount.resources = ['https://d.example.com/#x']; }, '`policy.audiences.discount.resources[0]` must be an absolute URI without a fragment'],
  ['resource of two audiences', (p) => { p['audiences'].documents.resources = ['https://discount.example.com']; }, '`policy.audiences.documents.resources[0]` is already a resource of the audience "discount"'],
  ['resource naming another audience', (p) => { p['audiences']['https://api.example.com'] = { scopes: ['x'] }; p['audiences'].documents.resources = ['https://api.example.com']; }, '`policy.audiences.documents.resources` lists "https://api.example.com", which is the identifier of another audience'],
  ['lifetime zero', (p) => { p['audiences'].discount.tokenLifetime = 0; }, '`policy.audiences.discount.tokenLifetime` must be a whole number from 1 to 86400'],
  ['lifetime fractional', (p) => { p['audiences'].discount.tokenLifetime = 1.5; }, '`policy.audiences.discount.tokenLifetime` must be a whole number from 1 to 86400'],
  ['audience id with spaces around', (p) => { p['audiences'][' x '] = { scopes: ['x'] }; }, '`policy.audiences[" x "] (the key)` must be an audience identifier'],
  ['client without ownAudiences', (p) => { delete p['clients'].shoppingbasket.ownAudiences; }, '`policy.clients.shoppingbasket.ownAudiences` must be a non-empty list of audiences of the client\'s own API'],
  ['client target of an unknown audience', (p) => { p['clients'].shoppingbasket.targets = { dicsount: { scopes: ['x'] } }; }, '`policy.clients.shoppingbasket.targets.dicsount` names an audience that `policy.audiences` does not define; add it there or fix the name (known: "discount", "documents")'],
  ['client target scope not of the audience', (p) => { p['clients'].shoppingbasket.targets.discount.scopes = ['read:documents']; }, '`policy.clients.shoppingbasket.targets.discount.scopes[0]` is "read:documents", which the audience does not define; add it to `policy.audiences.discount.scopes` or fix the name'],
  ['client target as a bare list', (p) => { p['clients'].shoppingbasket.targets.discount = ['discount.read']; }, '`policy.clients.shoppingbasket.targets.discount` must be an object such as { "scopes": ["discount.fullaccess"] }'],
  ['client with no targets', (p) => { p['clients'].shoppingbasket.targets = {}; }, '`policy.clients.shoppingbasket.targets` must not be empty'],
  ['client id needing brackets', (p) => { p['clients']['partner.gateway'].subjectIssuers = ['https://other.example.com']; }, '`policy.clients["partner.gateway"].subjectIssuers[0]` is "https://other.example.com", which `policy.trustedIssuers` does not list; add it there or fix the name'],
  ['actorTokens not boolean', (p) => { p['clients'].shoppingbasket.actorTokens = 'yes'; }, '`policy.clients.shoppingbasket.actorTokens` must be true or false'],
  ['impersonation not boolean', (p) => { p['clients'].shoppingbasket.impersonation = 1; }, '`policy.clients.shoppingbasket.impersonation` must be true or false'],
  ['client setting misspelt', (p) => { p['clients'].shoppingbasket.target = {}; }, '`policy.clients.shoppingbasket.target` is not a known setting'],
  ['trusted issuers not a list', (p) => { p['trustedIssuers'] = { issuer: PARTNER }; }, '`policy.trustedIssuers` must be a list'],
  ['trusted issuer not a URL', (p) => { p['trustedIssuers'][0].issuer = 'partner'; }, '`policy.trustedIssuers[0].issuer` must be an absolute URI'],
  ['trusted issuer repeated', (p) => { p['trustedIssuers'].push({ issuer: PARTNER }); }, '`policy.trustedIssuers[1].issuer` repeats https://partner.example.com'],
  ['trusted issuer HMAC algorithm', (p) => { p['trustedIssuers'][0].algorithms = ['HS256']; }, '`policy.trustedIssuers[0].algorithms[0]` is "HS256"; use asymmetric algorithms only'],
  ['trusted issuer alg none', (p) => { p['trustedIssuers'][0].algorithms = ['none']; }, '`policy.trustedIssuers[0].algorithms[0]` is "none"; use asymmetric algorithms only'],
  ['empty subject prefix', (p) => { p['trustedIssuers'][0].subjectPrefix = ''; }, '`policy.trustedIssuers[0].subjectPrefix` must be a non-empty string'],
  ['mapping to an unknown scope', (p) => { p['mapping'].scopes['shoppingbasket.fullaccess'] = ['discount.fulaccess']; }, '`policy.mapping.scopes["shoppingbasket.fullaccess"][0]` names the scope "discount.fulaccess", which no audience in `policy.audiences` defines; add it to an audience\'s "scopes" or fix the name'],
  ['mapping key not a scope', (p) => { p['mapping'].scopes['two words'] = 'email'; }, '`policy.mapping.scopes["two words"] (the key)` must be a scope name'],
  ['mapping setting misspelt', (p) => { p['mapping'].rule = []; }, '`policy.mapping.rule` is not a known setting; remove it or use one of: scopes, rules, claims'],
  ['rule without when', (p) => { delete p['trustedIssuers'][0].mapping.rules[0].when; }, '`policy.trustedIssuers[0].mapping.rules[0]` has no "when"'],
  ['rule adding nothing', (p) => { p['trustedIssuers'][0].mapping.rules[0] = { when: { scope: 'a' } }; }, '`policy.trustedIssuers[0].mapping.rules[0]` neither adds nor removes a scope'],
  ['rule adding an unknown scope', (p) => { p['trustedIssuers'][0].mapping.rules[0].add = ['write:docs']; }, '`policy.trustedIssuers[0].mapping.rules[0].add[0]` names the scope "write:docs", which no audience'],
  ['rule removing an unknown scope', (p) => { p['trustedIssuers'][0].mapping.rules[0].remove = ['nope']; }, '`policy.trustedIssuers[0].mapping.rules[0].remove[0]` names the scope "nope"'],
  ['condition with two operators', (p) => { p['trustedIssuers'][0].mapping.rules[0].when = { scope: 'a', audience: 'discount' }; }, '`policy.trustedIssuers[0].mapping.rules[0].when` must have exactly one operator'],
  ['condition with an unknown operator', (p) => { p['trustedIssuers'][0].mapping.rules[0].when = { claims: 'group' }; }, '`policy.trustedIssuers[0].mapping.rules[0].when` must have exactly one operator (claim, scope, audience, client, all, any, not)'],
  ['claim condition without operator', (p) => { p['trustedIssuers'][0].mapping.rules[0].when = { claim: 'group' }; }, '`policy.trustedIssuers[0].mapping.rules[0].when` must pair "claim" with exactly one of equals, contains, in, exists'],
  ['claim condition with two operators', (p) => { p['trustedIssuers'][0].mapping.rules[0].when = { claim: 'group', equals: 'a', contains: 'a' }; }, 'must pair "claim" with exactly one of equals, contains, in, exists, e.g. { "claim": "group", "contains": "admin" }; found equals, contains.'],
  ['equals an object', (p) => { p['trustedIssuers'][0].mapping.rules[0].when = { claim: 'group', equals: { a: 1 } }; }, '`policy.trustedIssuers[0].mapping.rules[0].when.equals` must be a string, a finite number or a boolean'],
  ['contains a number', (p) => { p['trustedIssuers'][0].mapping.rules[0].when = { claim: 'group', contains: 1 }; }, '`policy.trustedIssuers[0].mapping.rules[0].when.contains` must be a non-empty string'],
  ['in an empty list', (p) => { p['trustedIssuers'][0].mapping.rules[0].when = { claim: 'group', in: [] }; }, '`policy.trustedIssuers[0].mapping.rules[0].when.in` must be a non-empty list'],
  ['exists not boolean', (p) => { p['trustedIssuers'][0].mapping.rules[0].when = { claim: 'group', exists: 'yes' }; }, '`policy.trustedIssuers[0].mapping.rules[0].when.exists` must be true or false'],
  ['empty claim path', (p) => { p['trustedIssuers'][0].mapping.rules[0].when = { claim: [], exists: true }; }, '`policy.trustedIssuers[0].mapping.rules[0].when.claim` must be a claim name'],
  ['condition on an unknown audience', (p) => { p['trustedIssuers'][0].mapping.rules[0].when = { audience: 'discounts' }; }, '`policy.trustedIssuers[0].mapping.rules[0].when.audience` names the audience "discounts", which `policy.audiences` does not define'],
  ['condition on an unknown client', (p) => { p['trustedIssuers'][0].mapping.rules[0].when = { client: 'basket' }; }, '`policy.trustedIssuers[0].mapping.rules[0].when.client` names the client "basket", which `policy.clients` does not define'],
  ['nested condition mistake', (p) => { p['trustedIssuers'][0].mapping.rules[0].when = { all: [{ scope: 'a' }, { not: { any: [{ scope: 'b' }, { scope: 'c d' }] } }] }; }, '`policy.trustedIssuers[0].mapping.rules[0].when.all[1].not.any[1].scope` must be a scope name'],
  ['empty all', (p) => { p['trustedIssuers'][0].mapping.rules[0].when = { all: [] }; }, '`policy.trustedIssuers[0].mapping.rules[0].when.all` must be a non-empty list of conditions'],
  ['claims step with two operations', (p) => { p['trustedIssuers'][0].mapping.claims[0] = { copy: 'email', drop: 'email' }; }, '`policy.trustedIssuers[0].mapping.claims[0]` must have exactly one of copy, rename, drop, set; found copy, drop'],
  ['claims step with none', (p) => { p['trustedIssuers'][0].mapping.claims[0] = { when: { scope: 'a' } }; }, '`policy.trustedIssuers[0].mapping.claims[0]` must have exactly one of copy, rename, drop, set; found none'],
  ['copy of a registered claim', (p) => { p['trustedIssuers'][0].mapping.claims[0] = { copy: ['email', 'sub'] }; }, '`policy.trustedIssuers[0].mapping.claims[0].copy[1]` names the registered claim "sub", which the grant sets itself'],
  ['rename to a registered claim', (p) => { p['trustedIssuers'][0].mapping.claims[1].to = 'act'; }, '`policy.trustedIssuers[0].mapping.claims[1].to` names the registered claim "act"'],
  ['set of a registered claim', (p) => { p['trustedIssuers'][0].mapping.claims[3] = { set: 'aud', value: 'x' }; }, '`policy.trustedIssuers[0].mapping.claims[3].set` names the registered claim "aud"'],
  ['set of scope', (p) => { p['trustedIssuers'][0].mapping.claims[3] = { set: 'scope', value: 'x' }; }, '`policy.trustedIssuers[0].mapping.claims[3].set` names the registered claim "scope"'],
  ['set without a value', (p) => { p['trustedIssuers'][0].mapping.claims[3] = { set: 'tier' }; }, '`policy.trustedIssuers[0].mapping.claims[3]` sets "tier" without a "value"'],
  ['set of a non-JSON value', (p) => { p['trustedIssuers'][0].mapping.claims[3] = { set: 'tier', value: { n: Number.NaN } }; }, '`policy.trustedIssuers[0].mapping.claims[3].value.n` must be a JSON value'],
  ['rename without to', (p) => { p['trustedIssuers'][0].mapping.claims[1] = { rename: 'a' }; }, '`policy.trustedIssuers[0].mapping.claims[1].to` must be a claim name'],
  ['a companion on the wrong step', (p) => { p['trustedIssuers'][0].mapping.claims[0] = { copy: 'email', to: 'mail' }; }, '`policy.trustedIssuers[0].mapping.claims[0].to` does not belong to a "copy" step; it takes copy, when'],
  ['claims not a list', (p) => { p['mapping'].claims = { copy: 'email' }; }, '`policy.mapping.claims` must be a list of claims steps'],
  ['actor depth zero', (p) => { p['maxActorDepth'] = 0; }, '`policy.maxActorDepth` must be a whole number from 1 to 16'],
];

describe('validateTokenExchangePolicy', () => {
  it('returns a deep-frozen copy of a valid policy', () => {
    const input = basePolicy();
    const policy = validateTokenExchangePolicy(input);
    expect(policy).toEqual(input);
    expect(policy).not.toBe(input);
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.audiences['discount']!.scopes)).toBe(true);
    expect(Object.isFrozen(policy.trustedIssuers![0]!.mapping!.claims![3])).toBe(true);
    input['audiences'].discount.scopes.push('later');
    expect(policy.audiences['discount']!.scopes).toEqual(['discount.fullaccess', 'discount.read']);
  });

  it('accepts a minimal policy', () => {
    const minimal: TokenExchangePolicy = {
      audiences: { discount: { scopes: ['discount.fullaccess'] } },
      clients: { shoppingbasket: { ownAudiences: ['shoppingbasket'], targets: { discount: { scopes: ['discount.fullaccess'] } } } },
    };
    expect(validateTokenExchangePolicy(minimal)).toEqual(minimal);
  });

  it('accepts a policy read from JSON with a "__proto__" client id without touching prototypes', () => {
    const json = '{"audiences":{"discount":{"scopes":["d"]}},"clients":{"__proto__":{"ownAudiences":["x"],"targets":{"discount":{"scopes":["d"]}}}}}';
    const policy = validateTokenExchangePolicy(JSON.parse(json));
    expect(Object.keys(policy.clients)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['ownAudiences']).toBeUndefined();
  });

  it.each(invalid)('refuses %s, naming the path and the fix', (_name, mutate, message) => {
    const policy = basePolicy();
    const replaced = mutate(policy);
    const input = replaced === undefined ? policy : replaced;
    expect(() => validateTokenExchangePolicy(input)).toThrow(TypeError);
    expect(() => validateTokenExchangePolicy(input)).toThrow(message);
  });
});
