import type { SupportedAlgorithm } from '@baton/core';
import type { ClaimTransform } from './claim-transform.js';
import type { ScopeCondition } from './scope-condition.js';

/**
 * Who may exchange which tokens for which audiences and scopes: the whole token-exchange
 * policy, plain data (it can live in a JSON file). Checked once by
 * {@link validateTokenExchangePolicy}; every mistake is a `TypeError` naming the dotted path
 * and the fix.
 *
 * @example
 * ```ts
 * const policy: TokenExchangePolicy = {
 *   audiences: {
 *     discount: { scopes: ['discount.fullaccess'], defaultScopes: ['discount.fullaccess'] },
 *   },
 *   clients: {
 *     shoppingbasket: {
 *       ownAudiences: ['shoppingbasket'],
 *       targets: { discount: { scopes: ['discount.fullaccess'] } },
 *     },
 *   },
 *   mapping: { scopes: { 'shoppingbasket.fullaccess': 'discount.fullaccess' } },
 * };
 * ```
 */
export interface TokenExchangePolicy {
  /** The APIs tokens may be issued for, by audience identifier (the new token's `aud`). */
  audiences: Readonly<Record<string, AudiencePolicy>>;
  /**
   * The clients allowed to exchange tokens, by `client_id`. A client that the provider lets use
   * the grant but that is not listed here is refused with `unauthorized_client`.
   */
  clients: Readonly<Record<string, ClientPolicy>>;
  /**
   * How a subject token issued by this authority maps to scopes and claims of the new token.
   * Without it, tokens of this authority map to no scope, and every exchange of them is
   * refused (`invalid_scope`): there is no implicit pass-through.
   */
  mapping?: SubjectMapping;
  /** Other authorities whose tokens may be exchanged here, each with its own mapping. */
  trustedIssuers?: readonly TrustedIssuerPolicy[];
  /**
   * Longest delegation chain of an issued token: the number of nested `act` claims, the new
   * actor included. Deeper requests are refused (`invalid_request`). Default 4.
   */
  maxActorDepth?: number;
}

/**
 * One API (resource server) tokens can be issued for.
 *
 * @example
 * ```ts
 * const discount: AudiencePolicy = { scopes: ['discount.fullaccess'], defaultScopes: ['discount.fullaccess'], tokenLifetime: 120 };
 * ```
 */
export interface AudiencePolicy {
  /** Every scope this API knows. A requested scope outside this list is `invalid_scope`. */
  scopes: readonly string[];
  /**
   * The minimal set granted when the request names no `scope` (still intersected with what
   * the client and the subject may have). Default none: the request must name its scopes.
   */
  defaultScopes?: readonly string[];
  /**
   * RFC 8707 resource indicators (absolute URIs) that name this API in a `resource`
   * parameter. The audience identifier itself is also accepted as a `resource` when it is an
   * absolute URI.
   */
  resources?: readonly string[];
  /** Lifetime of issued tokens in seconds, never past the subject token's `exp`. Default 300. */
  tokenLifetime?: number;
}

/**
 * What one client may do with the grant.
 *
 * @example
 * ```ts
 * const basket: ClientPolicy = { ownAudiences: ['shoppingbasket'], targets: { discount: { scopes: ['discount.fullaccess'] } } };
 * ```
 */
export interface ClientPolicy {
  /**
   * The audience(s) of the client's own API. A subject (or actor) token must name one of them
   * in `aud`: only a token issued *to this service* can be exchanged by it, so a token lifted
   * from another service is useless here.
   */
  ownAudiences: readonly string[];
  /** The audiences this client may obtain tokens for, each with the scopes it may obtain there. */
  targets: Readonly<Record<string, TargetPolicy>>;
  /**
   * Trusted issuers (their `issuer` values, listed in `trustedIssuers`) whose tokens this client
   * may exchange. Tokens of this authority are always accepted. Default none.
   */
  subjectIssuers?: readonly string[];
  /** Accept an `actor_token` from this client (the actor is then the token's `sub`). Default false. */
  actorTokens?: boolean;
  /**
   * Issue tokens without an `act` claim naming this client when no actor token is sent
   * (impersonation). An `act` chain already in the subject token is kept as it is. Default false:
   * every issued token names the acting client in `act`.
   */
  impersonation?: boolean;
}

/**
 * The scopes one client may obtain for one audience.
 *
 * @example
 * ```ts
 * const target: TargetPolicy = { scopes: ['discount.fullaccess'] };
 * ```
 */
export interface TargetPolicy {
  /** A subset of the audience's `scopes`. */
  scopes: readonly string[];
}

/**
 * An authority whose tokens this one accepts as subject or actor tokens.
 *
 * @example
 * ```ts
 * const partner: TrustedIssuerPolicy = { issuer: 'https://partner.example.com', subjectPrefix: 'partner|', mapping: { scopes: { openid: ['email'] } } };
 * ```
 */
export interface TrustedIssuerPolicy {
  /** Its issuer identifier, compared exactly with `iss`. */
  issuer: string;
  /** Its JWKS URL; discovered from the issuer's metadata when omitted. */
  jwksUri?: string;
  /** Algorithms accepted from it. Default: every asymmetric algorithm Baton supports. */
  algorithms?: readonly SupportedAlgorithm[];
  /** Require `typ: at+jwt` on its tokens. Default true; turn off only for an issuer that does not set it. */
  accessTokenProfile?: boolean;
  /**
   * Prepended to its tokens' `sub` in the issued token, so that its users can never collide
   * with users of this authority (`partner|alice` is not `alice`). Default none.
   */
  subjectPrefix?: string;
  /** How its scopes and claims map to ours. Without it nothing maps (every exchange is `invalid_scope`). */
  mapping?: SubjectMapping;
}

/**
 * How the subject token's scopes and claims become what the subject may have in the new
 * token. The scopes the subject may have are the direct mappings of its scopes plus what the
 * matching rules `add`, minus what any matching rule `remove`s (a reduction always wins).
 *
 * @example
 * ```ts
 * const mapping: SubjectMapping = {
 *   scopes: { openid: ['email', 'profile'], 'read:calendar': 'calendar.events.read' },
 *   rules: [
 *     { name: 'admins write', when: { claim: 'group', contains: 'admin' }, add: ['write:documents'] },
 *     { name: 'marketing', when: { claim: 'department', equals: 'marketing' }, add: ['read:analytics'] },
 *   ],
 *   claims: [{ copy: 'email' }, { rename: 'preferred_username', to: 'username' }, { set: 'tenant', value: 'partner' }],
 * };
 * ```
 */
export interface SubjectMapping {
  /** Direct mapping: a scope of the subject token → the scope(s) it stands for here. */
  scopes?: Readonly<Record<string, string | readonly string[]>>;
  /** Conditional expansion (`add`) and reduction (`remove`) of scopes, from claims, scopes or the target. */
  rules?: readonly ScopeRule[];
  /** Claims of the new token, built in order from the subject token's claims. */
  claims?: readonly ClaimTransform[];
}

/**
 * A conditional scope rule: when `when` holds, `add` scopes may be had and `remove` scopes may not.
 *
 * @example
 * ```ts
 * const admins: ScopeRule = { name: 'admins write', when: { claim: 'group', contains: 'admin' }, add: ['write:documents'] };
 * ```
 */
export interface ScopeRule {
  /** A name for the audit trail and error messages. */
  name?: string;
  /** When the rule applies. */
  when: ScopeCondition;
  /** Scopes the subject may have when it applies (expansion). */
  add?: readonly string[];
  /** Scopes the subject may not have when it applies (reduction), whatever else grants them. */
  remove?: readonly string[];
}
