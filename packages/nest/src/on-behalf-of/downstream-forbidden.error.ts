import { BatonError } from '@baton/core';

/**
 * A downstream answered `403` with `WWW-Authenticate: Bearer error="insufficient_scope"` to a
 * token this service obtained for it: the exchanged token lacks a scope the downstream wants.
 *
 * Answered with **502**, not 403: the inbound caller's own token was accepted and covers the
 * route it called. The refused token is one this service obtained, for the scopes its own
 * configuration (`downstreams.<name>.scope`) asks for and its authority granted; the caller
 * cannot fix that with another token, and a 403 or an `insufficient_scope` challenge would tell
 * it the opposite. The response carries no challenge and nothing of the downstream's answer;
 * `downstream`, `requiredScopes` and `grantedScopes` are here for the logs.
 *
 * @example
 * ```ts
 * try { await downstreams.fetch('discount', '/coupons/mine') }
 * catch (e) { if (e instanceof DownstreamForbiddenError) logger.warn(`${e.downstream} wants ${e.requiredScopes.join(' ')}`) }
 * ```
 */
export class DownstreamForbiddenError extends BatonError {
  readonly code = 'ERR_DOWNSTREAM_INSUFFICIENT_SCOPE';
  readonly status = 502;
  readonly error = 'server_error';
  /** The configured name of the downstream that refused, e.g. `discount`. */
  readonly downstream: string;
  /** The scopes the downstream's challenge named (`scope="…"`), if any. */
  readonly requiredScopes: readonly string[];
  /** The scopes the exchanged token was granted. */
  readonly grantedScopes: readonly string[];

  constructor(downstream: string, requiredScopes: readonly string[], grantedScopes: readonly string[]) {
    super('A downstream service refused the delegated request for lack of scope');
    this.downstream = downstream;
    this.requiredScopes = requiredScopes;
    this.grantedScopes = grantedScopes;
  }

  /** No challenge for the inbound caller: no token of theirs would change the outcome. */
  override wwwAuthenticate(): undefined {
    return undefined;
  }
}
