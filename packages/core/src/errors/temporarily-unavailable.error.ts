import { BatonError } from './baton-error.js';

/**
 * Why the authorization server could not be used. Stable values, safe to log and to assert.
 *
 * - `ERR_KEYS_UNAVAILABLE`: no usable signing key (JWKS down, slow or misbehaving, K3);
 * - `ERR_EXCHANGE_UNAVAILABLE`: the token endpoint could not be reached or answered 5xx (O5);
 * - `ERR_EXCHANGE_TIMEOUT`: the token endpoint did not answer in time (O5);
 * - `ERR_EXCHANGE_RATE_LIMITED`: the authority asked to wait (429, or `Retry-After`) (O5);
 * - `ERR_EXCHANGE_CIRCUIT_OPEN`: repeated failures opened the circuit breaker (O5).
 *
 * @example
 * ```ts
 * if (e instanceof TemporarilyUnavailableError && e.code === 'ERR_EXCHANGE_CIRCUIT_OPEN') metrics.increment('authority.circuit_open');
 * ```
 */
export type TemporarilyUnavailableReason =
  | 'ERR_KEYS_UNAVAILABLE'
  | 'ERR_EXCHANGE_UNAVAILABLE'
  | 'ERR_EXCHANGE_TIMEOUT'
  | 'ERR_EXCHANGE_RATE_LIMITED'
  | 'ERR_EXCHANGE_CIRCUIT_OPEN';

/**
 * The authorization server is needed and cannot be used right now: no usable key could be
 * obtained to check a token (its JWKS endpoint is down, slow or misbehaving, and no cached keys
 * are left within the stale window), or a token exchange could not be made (the token endpoint
 * is down, slow, rate-limiting, or its circuit is open). This is the server's problem, not the
 * caller's: 503 with `Retry-After`, never 401. `code` says which (default `ERR_KEYS_UNAVAILABLE`).
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof TemporarilyUnavailableError) reply(503, e.toResponseBody(), { 'retry-after': String(e.retryAfter) }) }
 * ```
 */
export class TemporarilyUnavailableError extends BatonError {
  readonly code: TemporarilyUnavailableReason;
  readonly status = 503;
  readonly error = 'temporarily_unavailable';
  /** Seconds the client should wait before retrying (the `Retry-After` value). */
  readonly retryAfter: number;

  constructor(retryAfter: number, options?: { cause?: unknown; code?: TemporarilyUnavailableReason }) {
    super('The authorization server is temporarily unavailable', options);
    this.retryAfter = retryAfter;
    this.code = options?.code ?? 'ERR_KEYS_UNAVAILABLE';
  }

  /** 503 is not a bearer challenge: there is nothing the client can fix with another token. */
  override wwwAuthenticate(): undefined {
    return undefined;
  }
}
