import { BatonError } from '@baton/core';

/**
 * A downstream that is called on behalf of the user was called with no user: outside a request
 * whose bearer token the audience guard verified (a `@Public()` route, a scheduled job, a
 * message handler). Baton fails closed: no token is obtained and the downstream is not called.
 *
 * Set `allowClientCredentials: true` on the downstream to let such calls go out as the service
 * itself, run the call inside `OnBehalfOfContext.run(...)` with the user's token, or protect the
 * route. A programming fault, so 500 with nothing of it in the response.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof MissingSubjectTokenError) logger.error(`no user for ${e.downstream}`) }
 * ```
 */
export class MissingSubjectTokenError extends BatonError {
  readonly code = 'ERR_NO_SUBJECT_TOKEN';
  readonly status = 500;
  readonly error = 'server_error';
  /** The configured name of the downstream that was called, e.g. `discount`. */
  readonly downstream: string;

  constructor(downstream: string) {
    super('The service could not call a downstream service on behalf of the user');
    this.downstream = downstream;
  }

  /** Not the caller's fault: no challenge. */
  override wwwAuthenticate(): undefined {
    return undefined;
  }
}
