import type { DownstreamTarget } from '@baton/core';
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
  type IPolicy,
} from 'cockatiel';
import { discardResponse } from './discard-response.js';
import { DownstreamUnavailableError } from './downstream-unavailable.error.js';
import type { OutboundRequest } from './outbound-request.js';

/** Everything a {@link Downstream} is built from, already validated. */
export interface DownstreamSettings {
  name: string;
  baseUrl: URL;
  target: DownstreamTarget;
  allowClientCredentials: boolean;
  maxRedirects: number;
  timeoutMs: number;
  retries: number;
  circuitBreaker: { consecutiveFailures: number; halfOpenAfterMs: number } | false;
}

/** Methods that may be sent twice (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
/** Answers worth another attempt: the downstream or a proxy in front of it is briefly away. */
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

/** The caller aborted: passed through the policies untouched, never counted as a failure. */
class CallerAbort {
  constructor(readonly error: unknown) {}
}

type Status = { readonly status: number };

/**
 * One configured downstream: where its token may go, the target to ask the authority for, and
 * the cockatiel policies its calls go through (timeout per attempt, retries of idempotent
 * requests, a circuit breaker shared by every call to it).
 */
export class Downstream {
  readonly name: string;
  readonly target: DownstreamTarget;
  readonly allowClientCredentials: boolean;
  readonly maxRedirects: number;
  /** `https://host:port`, compared exactly. */
  readonly origin: string;
  /** The base path with a trailing slash, e.g. `/api/`; `/` for the whole origin. */
  readonly basePath: string;

  private readonly once: IPolicy;
  private readonly retrying: IPolicy;
  private readonly retryAfterSeconds: number;

  constructor(settings: DownstreamSettings) {
    this.name = settings.name;
    this.target = settings.target;
    this.allowClientCredentials = settings.allowClientCredentials;
    this.maxRedirects = settings.maxRedirects;
    this.origin = settings.baseUrl.origin;
    this.basePath = settings.baseUrl.pathname.endsWith('/') ? settings.baseUrl.pathname : `${settings.baseUrl.pathname}/`;

    const failures = handleWhen((error) => !(error instanceof CallerAbort) && !isBrokenCircuitError(error));
    const perAttempt = timeout(settings.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
    const breaker =
      settings.circuitBreaker === false
        ? undefined
        : circuitBreaker(failures.orWhenResult((result) => (result as Status).status >= 500), {
            breaker: new ConsecutiveBreaker(settings.circuitBreaker.consecutiveFailures),
            halfOpenAfter: settings.circuitBreaker.halfOpenAfterMs,
          });
    const guarded: IPolicy = breaker === undefined ? perAttempt : wrap(breaker, perAttempt);
    this.once = guarded;
    if (settings.retries > 0) {
      const retries = retry(failures.orWhenResult((result) => RETRYABLE_STATUSES.has((result as Status).status)), {
        maxAttempts: settings.retries,
        backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2000 }),
      });
      // A response that is retried is never read: release its connection.
      retries.onRetry((reason) => {
        if ('value' in reason) discardResponse(reason.value);
      });
      this.retrying = wrap(retries, guarded);
    } else {
      this.retrying = guarded;
    }
    this.retryAfterSeconds = settings.circuitBreaker === false ? 1 : Math.max(1, Math.ceil(settings.circuitBreaker.halfOpenAfterMs / 1000));
  }

  /** Whether `url` is this downstream's origin with a path at or under its base path. */
  covers(url: URL): boolean {
    if (url.origin !== this.origin || url.username !== '' || url.password !== '') return false;
    return this.basePath === '/' || url.pathname.startsWith(this.basePath) || `${url.pathname}/` === this.basePath;
  }

  /**
   * The absolute URL of `path` under the base URL (`'coupons/1'` and `'/coupons/1'` alike);
   * a `TypeError` for an absolute URL or a path that leaves the base (`../admin`).
   */
  urlFor(path: string): URL {
    if (typeof path !== 'string' || /^[a-z][a-z\d+.-]*:/i.test(path) || /^[\\/]{2}/.test(path)) {
      throw new TypeError(`The path for downstream "${this.name}" must be relative to its baseUrl, e.g. "/coupons/1".`);
    }
    const url = new URL(path.replace(/^\/+/, ''), `${this.origin}${this.basePath}`);
    if (!this.covers(url)) throw new TypeError(`The path for downstream "${this.name}" leaves its baseUrl; use a path below it.`);
    return url;
  }

  /**
   * Sends the request through this downstream's policies. Connection failures, timeouts and an
   * open circuit, once retries are spent, become a {@link DownstreamUnavailableError}; the
   * caller's own abort comes back as it was.
   */
  async send<R extends Status>(request: OutboundRequest<R>, authorization: string): Promise<R> {
    const policy = request.replayable && IDEMPOTENT.has(request.method.toUpperCase()) ? this.retrying : this.once;
    const callerSignal = request.signal;
    try {
      return await policy.execute(async ({ signal }) => {
        try {
          return await request.send(authorization, callerSignal === undefined ? signal : AbortSignal.any([signal, callerSignal]));
        } catch (error) {
          throw callerSignal?.aborted === true ? new CallerAbort(error) : error;
        }
      });
    } catch (error) {
      if (error instanceof CallerAbort) throw error.error;
      if (error instanceof DownstreamUnavailableError) throw error;
      if (isBrokenCircuitError(error)) throw new DownstreamUnavailableError('ERR_DOWNSTREAM_CIRCUIT_OPEN', this.name, this.retryAfterSeconds);
      if (isTaskCancelledError(error)) throw new DownstreamUnavailableError('ERR_DOWNSTREAM_TIMEOUT', this.name, 1);
      throw new DownstreamUnavailableError('ERR_DOWNSTREAM_UNREACHABLE', this.name, 1, { cause: safeCause(error) });
    }
  }
}

/**
 * The cause kept for logs: fetch's errors as they are, but only the name, code and message of
 * anything else: an axios error carries the request's headers, and so our token.
 */
function safeCause(error: unknown): unknown {
  if (!(error instanceof Error) || !('isAxiosError' in error)) return error;
  const cause = new Error(error.message);
  cause.name = error.name;
  return Object.assign(cause, { code: (error as { code?: unknown }).code });
}
