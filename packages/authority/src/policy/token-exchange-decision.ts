import type { JsonValue } from './claim-transform.js';
import type { REFUSALS } from './refusal-reasons.js';

/**
 * Why an exchange was refused: a key of {@link REFUSALS}.
 *
 * @example
 * ```ts
 * if (!decision.granted && decision.reason === 'ERR_SCOPE_NOT_HELD') …
 * ```
 */
export type TokenExchangeRefusalReason = keyof typeof REFUSALS;

/**
 * The OAuth error code of a refusal.
 *
 * @example
 * ```ts
 * const code: TokenExchangeErrorCode = 'invalid_target';
 * ```
 */
export type TokenExchangeErrorCode = (typeof REFUSALS)[TokenExchangeRefusalReason]['error'];

/**
 * An RFC 8693 §4.1 `act` claim: who acts, and (nested in `act`) who acted before. Members other
 * than `sub`, `client_id`, `iss` and `act` come from earlier links of a subject token's chain.
 *
 * @example
 * ```ts
 * const act: ActClaim = { sub: 'shoppingbasket', client_id: 'shoppingbasket', act: { sub: 'web' } };
 * ```
 */
export interface ActClaim {
  readonly sub?: string;
  readonly client_id?: string;
  readonly iss?: string;
  readonly act?: ActClaim;
  readonly [member: string]: JsonValue | ActClaim | undefined;
}

/**
 * A granted exchange: what the new token will say.
 *
 * @example
 * ```ts
 * if (decision.granted) console.log(decision.audience, decision.scopes, decision.act);
 * ```
 */
export interface TokenExchangeGranted {
  readonly granted: true;
  /** The acting client. */
  readonly clientId: string;
  /** `iss` of the subject token. */
  readonly subjectIssuer: string;
  /** `sub` of the new token (the subject's, with the trusted issuer's `subjectPrefix`). */
  readonly subject: string;
  /** `aud` of the new token: exactly one audience. */
  readonly audience: string;
  /** `scope` of the new token. */
  readonly scopes: readonly string[];
  /** Claims the mapping's claims steps produced. */
  readonly claims: Readonly<Record<string, JsonValue>>;
  /** `act` of the new token; undefined only for impersonation of a subject without a chain. */
  readonly act: ActClaim | undefined;
  /** `exp` of the new token: never later than the subject token's. */
  readonly expiresAt: number;
  /** The policy entry that allowed it, e.g. `policy.clients.shoppingbasket.targets.discount`. */
  readonly decidedBy: string;
  /** The mapping entries and rules that contributed, in order. */
  readonly rules: readonly string[];
}

/**
 * A refused exchange.
 *
 * @example
 * ```ts
 * if (!decision.granted) console.log(decision.error, decision.reason, decision.decidedBy);
 * ```
 */
export interface TokenExchangeRefused {
  readonly granted: false;
  /** The OAuth error code answered. */
  readonly error: TokenExchangeErrorCode;
  /** The stable reason, e.g. `ERR_SCOPE_NOT_HELD`. */
  readonly reason: TokenExchangeRefusalReason;
  /** The fixed `error_description`. */
  readonly description: string;
  /** The policy entry (dotted path) that refused it, when one did. */
  readonly decidedBy: string | undefined;
  /** The mapping entries and rules that had been applied when it was refused. */
  readonly rules: readonly string[];
}

/**
 * What the policy decides for one exchange: {@link TokenExchangeGranted} or
 * {@link TokenExchangeRefused}, told apart by `granted`.
 *
 * @example
 * ```ts
 * const decision = explainTokenExchange(policy, input);
 * if (decision.granted) console.log(decision.scopes);
 * else console.log(decision.error, decision.reason, decision.decidedBy);
 * ```
 */
export type TokenExchangeDecision = TokenExchangeGranted | TokenExchangeRefused;
