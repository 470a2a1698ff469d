import fc from 'fast-check';
import { explainTokenExchange, REFUSALS, validateTokenExchangePolicy, type TokenExchangeDecision, type TokenExchangeInput } from '../../src/index.js';
import { audienceOfResource, depthOf, listOf, mayHave, sourceOf, subjectScopes } from './decision-oracle.test-helpers.js';
import { fuzzParameters, fuzzTimeout } from './fuzz-settings.js';
import { actChainOf, AUTHORITY_ISSUER, exchangeInput, NOW, validPolicy, type PolicyData } from './policy-arbitraries.test-helpers.js';

/** Registered claims a claims step may never write. */
const RESERVED = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'client_id', 'scope', 'scp', 'act', 'may_act', 'cnf', 'authorization_details'];
/** What the policy engine may answer: the 400 codes of RFC 6749 §5.2 / RFC 8693 §2.2.2, never a 5xx. */
const POLICY_ERRORS = ['invalid_request', 'invalid_target', 'invalid_scope', 'unauthorized_client'];
/** Bounded default: a policy and up to 8 requests per case. */
const RUNS = 300;
/** Most cases `FUZZ_RUNS` may ask for: each is a policy and up to 8 decisions (3,000 ≈ 2 minutes). */
const MAX_RUNS = 3_000;
/** Cases actually run (FUZZ_RUNS may change them): the coverage checks below scale with it. */
const runs = fuzzParameters(RUNS, MAX_RUNS).numRuns ?? RUNS;

/** A valid policy (validated once) and requests against it. */
const scenario = validPolicy.chain((data) =>
  fc.tuple(fc.constant(data), fc.array(exchangeInput(data), { minLength: 1, maxLength: 8 })),
);

function decide(policy: object, input: TokenExchangeInput): TokenExchangeDecision {
  return explainTokenExchange(policy, input);
}

function requestedScopes(input: TokenExchangeInput): string[] {
  return [...new Set((input.scope ?? '').split(' ').filter((scope) => scope !== ''))];
}

describe('fuzz: token-exchange policy decisions (explainTokenExchange, the engine the grant runs)', () => {
  it('X6: granted scopes ⊆ audience ∩ client target ∩ what the subject may have, for any policy and request', () => {
    let granted = 0;
    fc.assert(
      fc.property(scenario, ([data, inputs]) => {
        const policy = validateTokenExchangePolicy(data);
        for (const input of inputs) {
          const decision = decide(policy, input);
          if (!decision.granted) continue;
          granted += 1;
          const audience = data.audiences[decision.audience]!;
          const target = data.clients[input.clientId]!.targets[decision.audience]!;
          const source = sourceOf(data, input.subjectClaims['iss']);
          const scopes = subjectScopes(input.subjectClaims);
          const allowed = mayHave(source.mapping, { claims: input.subjectClaims, scopes, audience: decision.audience, clientId: input.clientId });
          expect(decision.scopes.length).toBeGreaterThan(0);
          expect(new Set(decision.scopes).size).toBe(decision.scopes.length);
          for (const scope of decision.scopes) {
            expect(audience.scopes).toContain(scope);
            expect(target.scopes).toContain(scope);
            expect([...allowed]).toContain(scope);
          }
          const requested = requestedScopes(input);
          // A request with scopes gets exactly them or nothing (no partial grant); without, a subset of the defaults.
          if (requested.length > 0) expect([...decision.scopes].sort()).toEqual([...requested].sort());
          else for (const scope of decision.scopes) expect(audience.defaultScopes ?? []).toContain(scope);
        }
      }),
      fuzzParameters(RUNS, MAX_RUNS),
    );
    // The generators must reach grants, or the property says nothing (about one request in twelve is granted).
    expect(granted).toBeGreaterThanOrEqual(runs / 10);
  }, fuzzTimeout(RUNS, 20, MAX_RUNS));

  it('X7: a grant names exactly one audience, the one every audience and resource value names, that the client may target', () => {
    fc.assert(
      fc.property(scenario, ([data, inputs]) => {
        const policy = validateTokenExchangePolicy(data);
        for (const input of inputs) {
          const decision = decide(policy, input);
          if (!decision.granted) continue;
          expect(typeof decision.audience).toBe('string');
          expect(Object.hasOwn(data.audiences, decision.audience)).toBe(true);
          expect(Object.hasOwn(data.clients[input.clientId]!.targets, decision.audience)).toBe(true);
          const audiences = listOf(input.audience);
          const resources = listOf(input.resource);
          expect(audiences.length + resources.length).toBeGreaterThan(0);
          for (const value of audiences) expect(value).toBe(decision.audience);
          for (const value of resources) expect(audienceOfResource(data, value)).toBe(decision.audience);
        }
      }),
      fuzzParameters(RUNS, MAX_RUNS),
    );
  }, fuzzTimeout(RUNS, 20, MAX_RUNS));

  it('X5/X8/X9: a grant has a listed client, an allowed issuer, a subject token issued to the client, may_act honoured, and exp ≤ the subject\'s', () => {
    fc.assert(
      fc.property(scenario, ([data, inputs]) => {
        const policy = validateTokenExchangePolicy(data);
        for (const input of inputs) {
          const decision = decide(policy, input);
          if (!decision.granted) continue;
          const client = data.clients[input.clientId]!;
          const subject = input.subjectClaims;
          const actor = input.actorClaims;
          expect(decision.clientId).toBe(input.clientId);
          const source = sourceOf(data, subject['iss']);
          if (source.trusted) expect(client.subjectIssuers ?? []).toContain(subject['iss']);
          else expect(subject['iss']).toBe(AUTHORITY_ISSUER);
          expect(decision.subject).toBe(`${source.prefix}${subject['sub'] as string}`);
          expect(listOf(subject['aud'] as string | string[]).some((aud) => client.ownAudiences.includes(aud))).toBe(true);
          if (actor !== undefined) {
            expect(client.actorTokens).toBe(true);
            expect(listOf(actor['aud'] as string | string[]).some((aud) => client.ownAudiences.includes(aud))).toBe(true);
          }
          const mayAct = subject['may_act'] as Record<string, unknown> | undefined;
          if (mayAct !== undefined) {
            const actorSub = actor === undefined ? input.clientId : actor['sub'];
            const actorIssuer = actor !== undefined && sourceOf(data, actor['iss']).trusted ? actor['iss'] : AUTHORITY_ISSUER;
            expect(Object.keys(mayAct).length).toBeGreaterThan(0);
            for (const [member, value] of Object.entries(mayAct)) {
              expect(['sub', 'client_id', 'iss']).toContain(member);
              const expected = { sub: actorSub, client_id: input.clientId, iss: actorIssuer }[member];
              expect(value).toBe(expected);
            }
          }
          const lifetime = data.audiences[decision.audience]!.tokenLifetime ?? 300;
          expect(decision.expiresAt).toBeLessThanOrEqual(subject['exp'] as number);
          if (actor !== undefined) expect(decision.expiresAt).toBeLessThanOrEqual(actor['exp'] as number);
          expect(decision.expiresAt).toBeLessThanOrEqual(NOW + lifetime);
          expect(decision.expiresAt).toBeGreaterThanOrEqual(NOW + 1);
          for (const name of Object.keys(decision.claims)) expect(RESERVED).not.toContain(name);
        }
      }),
      fuzzParameters(RUNS, MAX_RUNS),
    );
  }, fuzzTimeout(RUNS, 20, MAX_RUNS));

  it('X8/X9: the new act names the actor with the subject\'s chain nested inside, never deeper than maxActorDepth', () => {
    fc.assert(
      fc.property(scenario, ([data, inputs]) => {
        const policy = validateTokenExchangePolicy(data);
        for (const input of inputs) {
          const decision = decide(policy, input);
          if (!decision.granted) {
            if (decision.reason === 'ERR_DELEGATION_TOO_DEEP') expect(depthOf(input.subjectClaims['act']) + 1).toBeGreaterThan(data.maxActorDepth ?? 4);
            continue;
          }
          const client = data.clients[input.clientId]!;
          const prior = input.subjectClaims['act'];
          expect(depthOf(decision.act)).toBeLessThanOrEqual(data.maxActorDepth ?? 4);
          if (input.actorClaims === undefined && client.impersonation === true) {
            // Impersonation: no new link, and an earlier chain is never erased.
            expect(decision.act).toEqual(prior);
            continue;
          }
          const newActor = input.actorClaims === undefined ? input.clientId : input.actorClaims['sub'];
          expect(decision.act?.sub).toBe(newActor);
          expect(decision.act?.act).toEqual(prior);
        }
      }),
      fuzzParameters(RUNS, MAX_RUNS),
    );
  }, fuzzTimeout(RUNS, 20, MAX_RUNS));

  it('X6/X7: every refusal has a stable reason, its fixed description and a 400 error code; nothing throws', () => {
    const reasons = new Set<string>();
    fc.assert(
      fc.property(scenario, ([data, inputs]) => {
        const policy = validateTokenExchangePolicy(data);
        for (const input of inputs) {
          const decision = decide(policy, input);
          if (decision.granted) continue;
          reasons.add(decision.reason);
          expect(Object.keys(REFUSALS)).toContain(decision.reason);
          expect(decision.error).toBe(REFUSALS[decision.reason].error);
          expect(decision.description).toBe(REFUSALS[decision.reason].description);
          expect(POLICY_ERRORS).toContain(decision.error);
          if (!Object.hasOwn(data.clients, input.clientId)) expect(decision.reason).toBe('ERR_CLIENT_NOT_IN_POLICY');
        }
      }),
      fuzzParameters(RUNS, MAX_RUNS),
    );
    // The generators reach the engine's checks, not just the first one (17 of the 22 policy reasons at the default).
    if (runs >= RUNS) expect(reasons.size).toBeGreaterThanOrEqual(14);
  }, fuzzTimeout(RUNS, 20, MAX_RUNS));

  it('X9: a subject act chain of any depth (up to what a 16 KiB token can hold) is refused as too deep, never crashes the engine', () => {
    const policy = validateTokenExchangePolicy({
      audiences: { discount: { scopes: ['read'] } },
      clients: { basket: { ownAudiences: ['svc-a'], targets: { discount: { scopes: ['read'] } } } },
      mapping: { scopes: { read: 'read' } },
    } satisfies PolicyData);
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 2500 }), (depth) => {
        const act = actChainOf(Array.from({ length: depth }, (_, index) => `actor-${index}`));
        const decision = explainTokenExchange(policy, {
          clientId: 'basket',
          subjectClaims: { iss: AUTHORITY_ISSUER, sub: 'alice', aud: 'svc-a', exp: NOW + 600, scope: 'read', act },
          audience: 'discount',
          now: NOW,
          issuer: AUTHORITY_ISSUER,
        });
        expect(decision).toMatchObject({ granted: false, error: 'invalid_request', reason: 'ERR_DELEGATION_TOO_DEEP' });
      }),
      fuzzParameters(200, MAX_RUNS),
    );
  }, fuzzTimeout(200, 20, MAX_RUNS));
});
