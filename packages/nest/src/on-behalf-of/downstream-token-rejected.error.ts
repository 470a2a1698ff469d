import { BatonError } from '@baton/core';

/**
 * A downstream answered `401` to a token this service obtained for it, and a freshly exchanged
 * token did not help (or the request could not be sent again, or the 401 was not an
 * `invalid_token` one). The cached entry has been evicted.
 *
 * Answered with **502** and no challenge, for the reason given on
 * {@link DownstreamForbiddenError}: the inbound caller's token is fine; the token the downstream
 * refuses is this service's, so the fault lies between this service, its authority and the
 * downstream (an audience or issuer mismatch, a clock far off).
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof DownstreamTokenRejectedError) logger.error(`${e.downstream} refuses our tokens`) }
 * ```
 */
export class DownstreamTokenRejectedError extends BatonError {
  readonly code = 'ERR_DOWNSTREAM_TOKEN_REJECTED';
  readonly status = 502;
  readonly error = 'server_error';
  /** The configured name of the downstream that refused, e.g. `discount`. */
  readonly downstream: string;

  constructor(downstream: string) {
    super('A downstream service refused the delegated token');
    this.downstream = downstream;
  }

  /** No challenge for the inbound caller: no token of theirs would change the outcome. */
  override wwwAuthenticate(): undefined {
    return undefined;
  }
}
