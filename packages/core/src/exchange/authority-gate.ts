import {
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  isBrokenCircuitError,
  isTaskCancelledError,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
  CircuitState,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { BatonError } from '../errors/baton-error.js';
import { TemporarilyUnavailableError, type TemporarilyUnavailableReason } from '../errors/temporarily-unavailable.error.js';
import { AuthorityFault } from './authority-fault.js';

/** Settings of an {@link AuthorityGate}. */
export interface AuthorityGateOptions {
  readonly timeoutMs: number;
  readonly retries: number;
  readonly circuitBreaker: { readonly consecutiveFailures: number; readonly halfOpenAfterMs: number } | undefined;
  readonly maxRetryAfterSeconds: number;
}

/**
 * Every call to the authority's token endpoint goes through here (O5). The resilience comes
 * from cockatiel, composed outermost first:
 *
 * 1. retry — only {@link AuthorityFault.transient} failures (network, 5xx without
 *    `Retry-After`), at most `retries` times, exponential backoff 100 ms → 1 s with jitter;
 * 2. circuit breaker — `ConsecutiveBreaker`: after `consecutiveFailures` outages in a row
 *    (network, timeout, 5xx; not 429, not OAuth refusals) it opens and calls fail at once for
 *    `halfOpenAfterMs`, then one trial call decides;
 * 3. timeout — aggressive: the caller gets its answer at `timeoutMs` whatever the request does,
 *    and the attempt's abort signal closes the connection.
 *
 * Around them, Baton's own `Retry-After` rule: a 429 or 5xx that says when to come back stops
 * every exchange until then (at most `maxRetryAfterSeconds`), without a request.
 * Whatever fails for these reasons reaches the caller as a {@link TemporarilyUnavailableError}
 * whose `retryAfter` says how long the wait really is.
 */
export class AuthorityGate {
  private blockedUntil = 0;
  private circuitOpenedAt = 0;
  private readonly breaker: CircuitBreakerPolicy | undefined;
  private readonly policy: IPolicy<{ signal: AbortSignal }>;

  constructor(private readonly options: AuthorityGateOptions) {
    const retryPolicy = retry(
      handleWhen((error) => error instanceof AuthorityFault && error.transient),
      { maxAttempts: options.retries, backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 1_000 }) },
    );
    const timeoutPolicy = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);
    if (options.circuitBreaker === undefined) {
      this.policy = wrap(retryPolicy, timeoutPolicy);
      return;
    }
    this.breaker = circuitBreaker(
      handleWhen((error) => (error instanceof AuthorityFault && error.outage) || isTaskCancelledError(error)),
      { halfOpenAfter: options.circuitBreaker.halfOpenAfterMs, breaker: new ConsecutiveBreaker(options.circuitBreaker.consecutiveFailures) },
    );
    this.breaker.onBreak(() => {
      this.circuitOpenedAt = Date.now();
    });
    this.policy = wrap(retryPolicy, this.breaker, timeoutPolicy);
  }

  /** Records a `Retry-After` (seconds) the authority sent with a 429 or 5xx. */
  noteRetryAfter(seconds: number): void {
    const until = Date.now() + Math.min(seconds, this.options.maxRetryAfterSeconds) * 1000;
    if (until > this.blockedUntil) this.blockedUntil = until;
  }

  /**
   * Runs `attempt` (again, for transient failures) under the timeout and the breaker.
   * `attempt` must throw {@link AuthorityFault} for outages and {@link BatonError}s for
   * everything else; the first become {@link TemporarilyUnavailableError}s here.
   */
  async run<T>(attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const waitMs = this.blockedUntil - Date.now();
    if (waitMs > 0) throw unavailable('ERR_EXCHANGE_RATE_LIMITED', waitMs / 1000);
    try {
      // A signal of its own per run: given none, cockatiel's timeout hangs its abort listener on
      // one signal shared by every call, and 11 concurrent exchanges set off Node's
      // MaxListenersExceededWarning (a leak warning for what is only concurrency).
      return await this.policy.execute(({ signal }) => attempt(signal), new AbortController().signal);
    } catch (error) {
      throw this.toBatonError(error);
    }
  }

  private toBatonError(error: unknown): unknown {
    if (error instanceof BatonError) return error;
    if (isBrokenCircuitError(error)) return unavailable('ERR_EXCHANGE_CIRCUIT_OPEN', this.circuitWaitSeconds());
    if (isTaskCancelledError(error)) return unavailable('ERR_EXCHANGE_TIMEOUT', this.circuitWaitSeconds(), new AuthorityFault('timeout'));
    if (!(error instanceof AuthorityFault)) return error;
    if (error.kind === 'timeout') return unavailable('ERR_EXCHANGE_TIMEOUT', this.circuitWaitSeconds(), error);
    if (error.status === 429) return unavailable('ERR_EXCHANGE_RATE_LIMITED', this.cappedRetryAfter(error), error);
    return unavailable('ERR_EXCHANGE_UNAVAILABLE', Math.max(this.cappedRetryAfter(error), this.circuitWaitSeconds()), error);
  }

  private cappedRetryAfter(fault: AuthorityFault): number {
    return fault.retryAfter === undefined ? 1 : Math.min(fault.retryAfter, this.options.maxRetryAfterSeconds);
  }

  /** Seconds until an open circuit lets a trial call through (0 when closed). */
  private circuitWaitSeconds(): number {
    if (this.breaker === undefined || this.options.circuitBreaker === undefined) return 0;
    const left = this.circuitOpenedAt + this.options.circuitBreaker.halfOpenAfterMs - Date.now();
    return this.breaker.state === CircuitState.Open && left > 0 ? left / 1000 : 0;
  }
}

function unavailable(code: TemporarilyUnavailableReason, seconds: number, cause?: AuthorityFault): TemporarilyUnavailableError {
  return new TemporarilyUnavailableError(Math.max(1, Math.ceil(seconds)), cause === undefined ? { code } : { code, cause });
}
