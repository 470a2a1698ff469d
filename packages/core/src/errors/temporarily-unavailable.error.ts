import { BatonError } from './baton-error.js';

/**
 * The token could not be checked because no usable key could be obtained (the authority or
 * its JWKS endpoint is down, slow or misbehaving, and no cached keys are left within the stale
 * window). This is the server's problem, not the caller's: 503 with `Retry-After`, never 401.
 */
export class TemporarilyUnavailableError extends BatonError {
  readonly code = 'ERR_KEYS_UNAVAILABLE';
  readonly status = 503;
  readonly error = 'temporarily_unavailable';
  /** Seconds the client should wait before retrying (the `Retry-After` value). */
  readonly retryAfter: number;

  constructor(retryAfter: number, options?: { cause?: unknown }) {
    super('The authorization server is temporarily unavailable', options);
    this.retryAfter = retryAfter;
  }

  /** 503 is not a bearer challenge: there is nothing the client can fix with another token. */
  override wwwAuthenticate(): undefined {
    return undefined;
  }
}
