import { BatonError } from '@baton/core';

/** Why a downstream could not be reached. */
export type DownstreamUnavailableReason = 'ERR_DOWNSTREAM_UNREACHABLE' | 'ERR_DOWNSTREAM_TIMEOUT' | 'ERR_DOWNSTREAM_CIRCUIT_OPEN';

/**
 * A downstream could not be reached (connection refused or reset, DNS failure), did not answer
 * within its timeout, or its circuit breaker is open after repeated failures; retries, when
 * allowed, were spent. 503 like an authority outage (O5): the caller may try again later.
 *
 * `retryAfter` is the number of seconds after which a new attempt makes sense (the time until
 * an open circuit lets a trial call through, otherwise 1).
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof DownstreamUnavailableError && e.code === 'ERR_DOWNSTREAM_CIRCUIT_OPEN') useFallback() }
 * ```
 */
export class DownstreamUnavailableError extends BatonError {
  readonly status = 503;
  readonly error = 'temporarily_unavailable';
  readonly code: DownstreamUnavailableReason;
  /** The configured name of the downstream, e.g. `discount`. */
  readonly downstream: string;
  /** Seconds the caller should wait before trying again. */
  readonly retryAfter: number;

  constructor(code: DownstreamUnavailableReason, downstream: string, retryAfter: number, options?: { cause?: unknown }) {
    super('A downstream service is temporarily unavailable', options);
    this.code = code;
    this.downstream = downstream;
    this.retryAfter = retryAfter;
  }

  /** 503 is not a bearer challenge: there is nothing the client can fix with another token. */
  override wwwAuthenticate(): undefined {
    return undefined;
  }
}
