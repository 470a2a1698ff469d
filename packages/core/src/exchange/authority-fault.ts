/** How a request to the authority failed without an OAuth answer. */
export type AuthorityFaultKind = 'network' | 'timeout' | 'status';

/**
 * Internal: the authority could not be used — unreachable, too slow, or answering 429/5xx.
 * Raised by the fetch that openid-client calls, so it is known before openid-client reads the
 * body; the resilience layer decides from it whether to retry, count a breaker failure or wait
 * for `Retry-After`, and turns it into a `TemporarilyUnavailableError`. Its message holds no
 * URL, header or body.
 */
export class AuthorityFault extends Error {
  readonly kind: AuthorityFaultKind;
  /** The HTTP status, for `status` faults. */
  readonly status: number | undefined;
  /** Seconds from the response's `Retry-After`, when it had a readable one. */
  readonly retryAfter: number | undefined;

  constructor(kind: AuthorityFaultKind, details: { status?: number; retryAfter?: number; code?: string } = {}) {
    super(
      kind === 'status'
        ? `The authorization server answered ${details.status}`
        : kind === 'timeout'
          ? 'The authorization server did not answer in time'
          : `The authorization server could not be reached${details.code === undefined ? '' : ` (${details.code})`}`,
    );
    this.name = 'AuthorityFault';
    this.kind = kind;
    this.status = details.status;
    this.retryAfter = details.retryAfter;
  }

  /** Worth another attempt: a network failure, or a 5xx that did not say when to come back. */
  get transient(): boolean {
    return this.kind === 'network' || (this.kind === 'status' && this.status !== 429 && this.retryAfter === undefined);
  }

  /** Counts towards opening the circuit: the authority is failing, not merely throttling us. */
  get outage(): boolean {
    return this.kind !== 'status' || this.status !== 429;
  }
}

/** The {@link AuthorityFault} in `error` or its chain of causes (openid-client wraps what fetch throws). */
export function findAuthorityFault(error: unknown): AuthorityFault | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth += 1) {
    if (current instanceof AuthorityFault) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
