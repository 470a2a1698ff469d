import type { TokenExchangeRefusalReason } from '../policy/token-exchange-decision.js';

/**
 * What one token exchange leaves in the audit trail (SECURITY.md X10), granted or refused.
 * It never holds a token, an Authorization header or a secret; request values that the policy
 * does not know (an unknown audience, resource or scope) are replaced by `"(unknown)"` so that
 * no caller-chosen text reaches the logs.
 *
 * @example
 * ```ts
 * registerTokenExchange(provider, { policy, audit: (event) => logger.info(event, 'token exchange') });
 * // { type: 'token-exchange', outcome: 'refused', clientId: 'shoppingbasket', error: 'invalid_scope',
 * //   reason: 'ERR_SCOPE_NOT_HELD', decidedBy: 'policy.mapping', … }
 * ```
 */
export interface TokenExchangeAuditEvent {
  readonly type: 'token-exchange';
  readonly outcome: 'granted' | 'refused';
  /** When the decision was made (ISO 8601). */
  readonly time: string;
  /** The authenticated client; undefined when client authentication failed. */
  readonly clientId: string | undefined;
  /**
   * When client authentication failed: the registered client the request claimed to be
   * (absent when it named no registered client, so caller-chosen text never gets here).
   */
  readonly claimedClientId?: string;
  /** Whom the token speaks for: the verified subject token's issuer and `sub`. */
  readonly subject: { readonly issuer: string; readonly sub: string } | undefined;
  /**
   * The delegation chain, outermost actor first: the new token's `act` chain when granted,
   * the subject token's otherwise.
   */
  readonly actors: readonly string[];
  /** What was asked: `audience`, `resource` and `scope` values (unknown ones as `"(unknown)"`). */
  readonly requested: {
    readonly audience: readonly string[];
    readonly resource: readonly string[];
    readonly scopes: readonly string[] | undefined;
  };
  /** The audience the token is (or would have been) for, when it was resolved. */
  readonly audience: string | undefined;
  /** The scopes granted (empty when refused). */
  readonly scopesGranted: readonly string[];
  /** The policy entry (dotted path) that decided, when one did. */
  readonly decidedBy: string | undefined;
  /** The mapping entries and rules that were applied. */
  readonly rules: readonly string[];
  /** The OAuth error code answered, when refused. */
  readonly error?: string;
  /** The stable refusal reason, when refused. */
  readonly reason?: TokenExchangeRefusalReason;
  /** For a subject or actor token that failed verification: @baton/core's reason, e.g. `ERR_TOKEN_EXPIRED`. */
  readonly tokenError?: string;
  /** `jti` of the issued token (an identifier, not the token). */
  readonly tokenId?: string;
  /** `exp` of the issued token. */
  readonly expiresAt?: number;
  /** Names (not values) of the claims the mapping put in the issued token. */
  readonly claims?: readonly string[];
}
