import type { JsonValue } from './claim-transform.js';
import type { CompiledClient, CompiledMapping, CompiledPolicy } from './compiled-policy.js';
import type { ActorIdentity } from './actor-identity.js';
import { actDepth } from './act-depth.js';
import { cloneJson } from './clone-json.js';
import type { ExchangeFacts } from './exchange-facts.js';
import { mapSubjectScopes } from './map-subject-scopes.js';
import { mayActAllows } from './may-act-allows.js';
import { readSubjectClaims, type SubjectClaims } from './read-subject-claims.js';
import { refusal } from './refusal.js';
import { resolveTarget } from './resolve-target.js';
import { selectScopes } from './select-scopes.js';
import type { ActClaim, TokenExchangeDecision, TokenExchangeRefused } from './token-exchange-decision.js';
import { transformClaims } from './transform-claims.js';

/**
 * The policy engine: decides one exchange from verified facts, without side effects. The grant
 * and {@link explainTokenExchange} both call it, so a dry run decides exactly as the
 * authority would. Checks run in this order, and the first failure decides:
 * client → subject issuer → subject audience → actor → `may_act` → delegation depth → target
 * → scopes → lifetime; claims are built last.
 */
export function decideTokenExchange(policy: CompiledPolicy, facts: ExchangeFacts): TokenExchangeDecision {
  const client = policy.clients.get(facts.clientId);
  if (client === undefined) return refusal('ERR_CLIENT_NOT_IN_POLICY', 'policy.clients');

  const subject = readSubjectClaims(facts.subject);
  if (subject === undefined) return refusal('ERR_SUBJECT_TOKEN_INVALID', undefined);
  const source = issuerOf(policy, client, subject.iss, facts.authorityIssuer);
  if ('granted' in source) return source;
  if (!subject.aud.some((aud) => client.ownAudiences.has(aud))) return refusal('ERR_SUBJECT_NOT_FOR_CLIENT', `${client.path}.ownAudiences`);

  const actorResult = actorOf(policy, client, facts);
  if ('granted' in actorResult) return actorResult;
  const { identity: actor, claims: actorClaims } = actorResult;

  if (subject.mayAct !== undefined && !mayActAllows(subject.mayAct, actor, facts.authorityIssuer)) {
    return refusal('ERR_MAY_ACT', 'subject token may_act');
  }
  const act = buildAct(subject, actor, actorClaims !== undefined || !client.impersonation);
  if (actDepth(act) > policy.maxActorDepth) return refusal('ERR_DELEGATION_TOO_DEEP', 'policy.maxActorDepth');

  const audienceId = resolveTarget(policy, facts.audience, facts.resource);
  if (typeof audienceId !== 'string') return audienceId;
  const target = client.targets.get(audienceId);
  if (target === undefined) return refusal('ERR_TARGET_NOT_ALLOWED', `${client.path}.targets`);
  const audience = policy.audiences.get(audienceId)!;

  const conditionFacts = { claims: facts.subject, scopes: subject.scopes, audience: audienceId, clientId: client.id };
  const mapped = mapSubjectScopes(source.mapping, conditionFacts);
  const scopes = selectScopes(facts.scope, audience, target, mapped.scopes, source.mapping, mapped.rules);
  if (!Array.isArray(scopes)) return scopes as TokenExchangeRefused;

  const expiresAt = Math.min(facts.now + audience.tokenLifetime, subject.exp, actorClaims?.exp ?? Number.POSITIVE_INFINITY);
  if (expiresAt - facts.now < 1) return refusal('ERR_SUBJECT_EXPIRING', undefined, mapped.rules);

  const claims = transformClaims(source.mapping, conditionFacts);
  return {
    granted: true,
    clientId: client.id,
    subjectIssuer: subject.iss,
    subject: `${source.subjectPrefix}${subject.sub}`,
    audience: audienceId,
    scopes,
    claims: claims.claims,
    act,
    expiresAt,
    decidedBy: target.path,
    rules: [...mapped.rules, ...claims.rules],
  };
}

interface IssuerSource {
  readonly mapping: CompiledMapping;
  readonly subjectPrefix: string;
  /** Undefined for this authority. */
  readonly trustedIssuer: string | undefined;
}

/** The mapping for a token of `iss`, or why this client may not present it. */
function issuerOf(policy: CompiledPolicy, client: CompiledClient, iss: string, authorityIssuer: string | undefined): IssuerSource | TokenExchangeRefused {
  const trusted = policy.trustedIssuers.get(iss);
  if (trusted !== undefined) {
    if (!client.subjectIssuers.has(iss)) return refusal('ERR_SUBJECT_ISSUER_NOT_ALLOWED', `${client.path}.subjectIssuers`);
    return { mapping: trusted.mapping, subjectPrefix: trusted.subjectPrefix, trustedIssuer: iss };
  }
  if (authorityIssuer !== undefined && iss !== authorityIssuer) return refusal('ERR_SUBJECT_TOKEN_INVALID', 'policy.trustedIssuers');
  return { mapping: policy.ownMapping, subjectPrefix: '', trustedIssuer: undefined };
}

/** The actor (actor token's subject, or the client) and the actor token's claims. */
function actorOf(
  policy: CompiledPolicy,
  client: CompiledClient,
  facts: ExchangeFacts,
): { identity: ActorIdentity; claims: SubjectClaims | undefined } | TokenExchangeRefused {
  if (facts.actor === undefined) return { identity: { sub: client.id, clientId: client.id, issuer: undefined }, claims: undefined };
  if (!client.actorTokens) return refusal('ERR_ACTOR_TOKEN_NOT_ALLOWED', `${client.path}.actorTokens`);
  const actor = readSubjectClaims(facts.actor);
  if (actor === undefined) return refusal('ERR_ACTOR_TOKEN_INVALID', undefined);
  const source = issuerOf(policy, client, actor.iss, facts.authorityIssuer);
  if ('granted' in source) {
    return source.reason === 'ERR_SUBJECT_TOKEN_INVALID' ? refusal('ERR_ACTOR_TOKEN_INVALID', source.decidedBy) : refusal('ERR_ACTOR_ISSUER_NOT_ALLOWED', source.decidedBy);
  }
  if (!actor.aud.some((aud) => client.ownAudiences.has(aud))) return refusal('ERR_ACTOR_NOT_FOR_CLIENT', `${client.path}.ownAudiences`);
  return { identity: { sub: actor.sub, clientId: client.id, issuer: source.trustedIssuer }, claims: actor };
}

/**
 * The new `act`: the actor, with the subject token's chain nested inside (RFC 8693 §4.1).
 * Without a new actor (impersonation allowed and no actor token), the subject's chain is kept
 * as it is: an earlier delegation is never erased.
 */
function buildAct(subject: SubjectClaims, actor: ActorIdentity, named: boolean): ActClaim | undefined {
  const prior = subject.act === undefined ? undefined : cloneJson(subject.act as ActClaim);
  if (!named) return prior;
  const link: Record<string, JsonValue | ActClaim> = { sub: actor.sub };
  if (actor.sub === actor.clientId && actor.issuer === undefined) link['client_id'] = actor.clientId;
  if (actor.issuer !== undefined) link['iss'] = actor.issuer;
  if (prior !== undefined) link['act'] = prior;
  return link as ActClaim;
}
