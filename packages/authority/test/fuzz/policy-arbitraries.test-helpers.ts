import fc from 'fast-check';
import type { TokenExchangeInput } from '../../src/index.js';

/*
 * Generators of valid token-exchange policies and of dry-run requests against them. Names come
 * from small pools so that requests hit the policy often (a random string would almost never
 * name a known audience); each pool also holds names that only look right ("constructor",
 * "toString", a resource of another audience) and names nothing knows.
 */

/** A valid policy as plain data, as read from a JSON file. */
export type PolicyData = {
  audiences: Record<string, { scopes: string[]; defaultScopes?: string[]; resources?: string[]; tokenLifetime?: number }>;
  clients: Record<string, ClientData>;
  mapping?: MappingData;
  trustedIssuers?: Array<{ issuer: string; subjectPrefix?: string; mapping?: MappingData }>;
  maxActorDepth?: number;
};
export type ClientData = {
  ownAudiences: string[];
  targets: Record<string, { scopes: string[] }>;
  subjectIssuers?: string[];
  actorTokens?: boolean;
  impersonation?: boolean;
};
export type MappingData = { scopes?: Record<string, string | string[]>; rules?: RuleData[]; claims?: Array<Record<string, unknown>> };
export type RuleData = { name?: string; when: Condition; add?: string[]; remove?: string[] };
export type Condition = Record<string, unknown>;

export const AUTHORITY_ISSUER = 'https://auth.example.com';
export const NOW = 1_900_000_000;

const AUDIENCE_IDS = ['discount', 'eventcatalog', 'constructor', 'https://api.example.com/'];
const SCOPES = ['read', 'write', 'admin', 'a:b', 'x.y', 'toString'];
const RESOURCES = ['https://r1.example.com/', 'https://r2.example.com/', 'urn:example:r3'];
const CLIENT_IDS = ['basket', 'gateway', 'admin-console', '__proto__'];
const OWN_AUDIENCES = ['svc-a', 'svc-b', 'web'];
const ISSUERS = ['https://partner.example.com', 'https://other.example.org/'];
/** Scopes of subject tokens: some mapped, some named like ours (no pass-through), some unknown. */
export const SUBJECT_SCOPES = ['s.read', 's.write', 'openid', 'read', 'admin', 'unmapped'];
const CLAIMS: Array<string | string[]> = ['group', 'department', 'role', 'suspended', ['org', 'name'], 'constructor'];
const CLAIM_VALUES = ['admin', 'staff', 'marketing', 'internal', 'editor'];
const scalar = fc.oneof(fc.constantFrom(...CLAIM_VALUES), fc.boolean(), fc.integer({ min: 0, max: 3 }));

/** A non-empty subset of `values`, without repeats, in a random order. */
function someOf<T>(values: readonly T[], minLength = 1): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray([...values], { minLength, maxLength: values.length });
}

function optional<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arbitrary, { nil: undefined });
}

/** Drops undefined members, as a JSON file would not have them. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

function condition(audiences: readonly string[], clients: readonly string[]): fc.Arbitrary<Condition> {
  const { node } = fc.letrec<{ node: Condition }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ claim: fc.constantFrom(...CLAIMS), equals: scalar }),
      fc.record({ claim: fc.constantFrom(...CLAIMS), contains: fc.constantFrom(...CLAIM_VALUES) }),
      fc.record({ claim: fc.constantFrom(...CLAIMS), in: fc.array(scalar, { minLength: 1, maxLength: 3 }) }),
      fc.record({ claim: fc.constantFrom(...CLAIMS), exists: fc.boolean() }),
      fc.record({ scope: fc.constantFrom(...SUBJECT_SCOPES) }),
      fc.record({ audience: fc.constantFrom(...audiences) }),
      fc.record({ client: fc.constantFrom(...clients) }),
      fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ not: tie('node') }),
    ),
  }));
  return node;
}

function mapping(scopes: readonly string[], audiences: readonly string[], clients: readonly string[]): fc.Arbitrary<MappingData> {
  const when = condition(audiences, clients);
  const rule = fc
    .record({ name: optional(fc.constantFrom('admins', 'suspended', 'marketing')), when, add: optional(someOf(scopes)), remove: optional(someOf(scopes)) })
    .map((entry) => defined(entry.add === undefined && entry.remove === undefined ? { ...entry, add: [scopes[0]!] } : entry));
  const claimName = fc.constantFrom('email', 'department', 'group', 'username', 'tenant', '__proto__');
  const claimStep = fc.oneof(
    fc.record({ copy: fc.oneof(claimName, someOf(['email', 'department', 'group'])), when: optional(when) }),
    fc.record({ rename: fc.constantFrom<string | string[]>('preferred_username', ['org', 'name'], 'group'), to: claimName, when: optional(when) }),
    fc.record({ drop: fc.oneof(claimName, someOf(['email', 'department'])), when: optional(when) }),
    fc.record({ set: claimName, value: fc.jsonValue({ maxDepth: 2 }), when: optional(when) }),
  ).map((step) => defined(step as Record<string, unknown>));
  return fc
    .record({
      scopes: fc.option(fc.dictionary(fc.constantFrom(...SUBJECT_SCOPES), fc.oneof(fc.constantFrom(...scopes), someOf(scopes))), { nil: undefined, freq: 6 }),
      rules: optional(fc.array(rule, { maxLength: 4 })),
      claims: optional(fc.array(claimStep, { maxLength: 4 })),
    })
    .map(defined);
}

/** Audiences: ids, scopes, default scopes, resource indicators each owned by at most one audience. */
const audiencesArbitrary = someOf(AUDIENCE_IDS).chain((ids) =>
  fc
    .tuple(
      fc.tuple(
        ...ids.map(() =>
          someOf(SCOPES).chain((scopes) =>
            fc.record({ scopes: fc.constant(scopes), defaultScopes: optional(someOf(scopes, 0)), tokenLifetime: optional(fc.integer({ min: 1, max: 86_400 })) }),
          ),
        ),
      ),
      fc.tuple(...RESOURCES.map(() => fc.integer({ min: -1, max: ids.length - 1 }))),
    )
    .map(([entries, owners]) => {
      const audiences: PolicyData['audiences'] = {};
      ids.forEach((id, index) => {
        const resources = RESOURCES.filter((_, resource) => owners[resource] === index);
        audiences[id] = defined({ ...entries[index]!, resources: resources.length === 0 ? undefined : resources });
      });
      return audiences;
    }),
);

/** A policy that `validateTokenExchangePolicy` must accept. */
export const validPolicy: fc.Arbitrary<PolicyData> = fc
  .tuple(audiencesArbitrary, someOf(CLIENT_IDS), someOf(ISSUERS, 0))
  .chain(([audiences, clientIds, issuers]) => {
    const audienceIds = Object.keys(audiences);
    const allScopes = [...new Set(Object.values(audiences).flatMap((audience) => audience.scopes))];
    const target = (id: string) => someOf(audiences[id]!.scopes).map((scopes) => ({ scopes }));
    const client = fc
      .record({
        ownAudiences: someOf(OWN_AUDIENCES),
        targets: someOf(audienceIds).chain((ids) => fc.tuple(...ids.map(target)).map((entries) => Object.fromEntries(ids.map((id, index) => [id, entries[index]!])))),
        subjectIssuers: issuers.length === 0 ? fc.constant(undefined) : optional(someOf(issuers)),
        actorTokens: optional(fc.boolean()),
        impersonation: optional(fc.boolean()),
      })
      .map((entry) => defined(entry) as ClientData);
    const subjectMapping = mapping(allScopes, audienceIds, clientIds);
    return fc
      .record({
        clients: fc.tuple(...clientIds.map(() => client)).map((entries) => Object.fromEntries(clientIds.map((id, index) => [id, entries[index]!]))),
        mapping: fc.option(subjectMapping, { nil: undefined, freq: 6 }),
        trustedIssuers: fc.tuple(...issuers.map((issuer) => fc.record({ issuer: fc.constant(issuer), subjectPrefix: optional(fc.constantFrom('partner|', 'p:')), mapping: optional(subjectMapping) }).map(defined))),
        maxActorDepth: optional(fc.integer({ min: 1, max: 6 })),
      })
      .map(({ trustedIssuers, ...rest }) => defined({ audiences, ...rest, trustedIssuers: trustedIssuers.length === 0 ? undefined : trustedIssuers }) as PolicyData);
  });

/** An `act` chain of `depth` links, outermost first. */
export function actChainOf(subs: readonly string[]): Record<string, unknown> | undefined {
  return subs.reduceRight<Record<string, unknown> | undefined>((inner, sub) => (inner === undefined ? { sub } : { sub, act: inner }), undefined);
}

/**
 * Claims of a subject or actor token. `plausible` ones fit the client (an issuer it may present,
 * its own audience, scopes the mapping knows, a far `exp`) so that exchanges get granted often
 * enough; the others come from the whole pools.
 */
function tokenClaims(policy: PolicyData, clientId: string, plausible: boolean): fc.Arbitrary<Record<string, unknown>> {
  const client = Object.hasOwn(policy.clients, clientId) ? policy.clients[clientId] : undefined;
  const allIssuers = [AUTHORITY_ISSUER, ...(policy.trustedIssuers ?? []).map((entry) => entry.issuer), 'https://evil.example.com'];
  const issuers = plausible ? [AUTHORITY_ISSUER, ...(client?.subjectIssuers ?? [])] : allIssuers;
  const ownAudiences = plausible && client !== undefined ? client.ownAudiences : [...OWN_AUDIENCES, 'elsewhere'];
  const clientIds = Object.keys(policy.clients);
  const allScopes = Object.values(policy.audiences).flatMap((audience) => audience.scopes);
  return fc.record(
    {
      iss: fc.constantFrom(...issuers),
      sub: fc.constantFrom('alice', 'bob', 'basket', ...clientIds),
      aud: fc.oneof(fc.constantFrom(...ownAudiences), someOf(ownAudiences)),
      exp: plausible ? fc.integer({ min: NOW + 2, max: NOW + 100_000 }) : fc.integer({ min: NOW - 10, max: NOW + 100_000 }),
      scope: fc.oneof(someOf([...SUBJECT_SCOPES, ...allScopes], 0).map((scopes) => scopes.join(' ')), someOf(SUBJECT_SCOPES).map((scopes) => ` ${scopes.join('  ')} `)),
      scp: someOf(SUBJECT_SCOPES, 0),
      client_id: fc.constantFrom(...clientIds, 'web'),
      group: fc.oneof(someOf(CLAIM_VALUES, 0), fc.constantFrom('admin staff', 'administrators')),
      department: scalar,
      role: scalar,
      suspended: fc.boolean(),
      org: fc.record({ name: fc.constantFrom('acme', 'admin') }),
      email: fc.constant('alice@example.com'),
      preferred_username: fc.constant('alice'),
      constructor: scalar,
      may_act: fc.oneof(
        fc.record({ sub: fc.constantFrom('alice', 'bob', ...clientIds), client_id: fc.constantFrom(...clientIds, 'web'), iss: fc.constantFrom(...allIssuers) }, { requiredKeys: [] }),
        fc.constant({ tenant: 'x' }),
      ),
      act: fc.array(fc.constantFrom('web', 'bff', 'basket'), { minLength: 1, maxLength: 8 }).map(actChainOf),
    },
    { requiredKeys: ['iss', 'sub', 'aud', 'exp'] },
  );
}

/**
 * A dry-run request against `policy`: any client, subject and actor claims, target and scope.
 * Four in five are plausible for their client (target and scopes among what it may obtain),
 * so that the properties about grants have grants to check.
 */
export function exchangeInput(policy: PolicyData): fc.Arbitrary<TokenExchangeInput> {
  const audienceIds = Object.keys(policy.audiences);
  const allScopes = [...new Set(Object.values(policy.audiences).flatMap((audience) => audience.scopes))];
  const targetName = fc.constantFrom(...audienceIds, ...RESOURCES, 'unknown', 'https://unknown.example.com/');
  const anyRequest = fc.constantFrom(...Object.keys(policy.clients), 'stranger').chain((clientId) =>
    fc.record(
      {
        clientId: fc.constant(clientId),
        subjectClaims: tokenClaims(policy, clientId, false),
        actorClaims: tokenClaims(policy, clientId, false),
        audience: fc.oneof(fc.constantFrom(...audienceIds, 'unknown'), fc.array(targetName, { maxLength: 3 })),
        resource: fc.oneof(targetName, fc.array(targetName, { maxLength: 2 })),
        scope: fc.oneof(someOf([...allScopes, 'nope', 'READ'], 0).map((scopes) => scopes.join(' ')), someOf(allScopes).map((scopes) => `  ${scopes.join('   ')}`)),
        issuer: fc.constant(AUTHORITY_ISSUER),
      },
      { requiredKeys: ['clientId', 'subjectClaims'] },
    ),
  );
  const plausibleRequest = fc.constantFrom(...Object.keys(policy.clients)).chain((clientId) => {
    const client = policy.clients[clientId]!;
    return fc.constantFrom(...Object.entries(client.targets)).chain(([audienceId, target]) => {
      const resources = RESOURCES.filter((resource) => policy.audiences[audienceId]!.resources?.includes(resource));
      const subject = tokenClaims(policy, clientId, true).chain((claims) =>
        // Mostly without the claims that usually refuse (may_act, a long act chain): they have their own share above.
        fc.record({ mayAct: fc.boolean(), act: fc.boolean() }).map(({ mayAct, act }) => {
          const { may_act: _mayAct, act: _act, ...rest } = claims;
          return { ...rest, ...(mayAct && _mayAct !== undefined ? { may_act: _mayAct } : {}), ...(act && _act !== undefined ? { act: _act } : {}) };
        }),
      );
      return fc
        .record({
          subjectClaims: subject,
          actorClaims: client.actorTokens === true ? optional(tokenClaims(policy, clientId, true)) : fc.constant(undefined),
          audience: fc.constantFrom<string | string[] | undefined>(audienceId, [audienceId], [audienceId, audienceId], ...(resources.length === 0 ? [] : [undefined])),
          resource: resources.length === 0 ? fc.constant(undefined) : optional(fc.constantFrom(...resources)),
          scope: fc.oneof(fc.constant(undefined), fc.constantFrom(...target.scopes), someOf(target.scopes).map((scopes) => scopes.join(' '))),
        })
        .map((request) => defined({ clientId, ...request, audience: request.audience ?? (request.resource === undefined ? audienceId : undefined), issuer: AUTHORITY_ISSUER }));
    });
  });
  return fc.oneof({ arbitrary: plausibleRequest, weight: 4 }, { arbitrary: anyRequest, weight: 1 }).map((input) => ({ ...input, now: NOW }) as TokenExchangeInput);
}
