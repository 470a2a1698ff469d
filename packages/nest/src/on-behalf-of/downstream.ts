import type { DownstreamTarget } from '@baton/core';
import {
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  isBrokenCircuitError,
  retry,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { AttemptDeadlines } from './attempt-deadlines.js';
import { discardResponse } from './discard-response.js';
import { DownstreamUnavailableError } from './downstream-unavailable.error.js';
import { HeadersTimeoutDispatcher } from './headers-timeout-dispatcher.js';
import type { OutboundRequest } from './outbound-request.js';
import { RecentLookups } from './recent-lookups.js';

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
/** Paths whose URL a downstream remembers at most (then it starts again). */
const MAX_RECENT_URLS = 256;
/** Answers worth another attempt: the downstream or a proxy in front of it is briefly away. */
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

/** The caller aborted: passed through the policies untouched, never counted as a failure. */
class CallerAbort {
  constructor(readonly error: unknown) {}
}

/** An attempt ran past `timeoutMs`. */
class AttemptTimedOut extends Error {}

type Status = { readonly status: number };
/** How an attempt ended: its answer or its (classified) error. */
type Outcome<R> = { readonly value: R } | { readonly error: unknown };

/**
 * One configured downstream: where its token may go, the target to ask the authority for, and
 * what its calls go through: a timeout per attempt, and cockatiel's retries (of idempotent
 * requests) and circuit breaker (shared by every call to it).
 *
 * The timeout, rather than cockatiel's timeout policy (on a keep-alive call to a local server,
 * its own controller, derived signal, race and events per call cost about 14% of the call's
 * throughput): the HTTP client's own, undici's per-request headers timeout for fetch
 * ({@link fetchDispatcher}), axios's `timeout` for axios; where neither can be used (fetch with
 * no undici dispatcher to reach), an `AbortController` per attempt, aborted by
 * {@link AttemptDeadlines}. Either way the HTTP client gives up the request and its socket.
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
  /** For fetch's `dispatcher` option: the process's dispatcher, with this downstream's timeout per request. */
  readonly fetchDispatcher: HeadersTimeoutDispatcher;

  /** Longest wait for one attempt's response headers, in milliseconds. */
  readonly timeoutMs: number;
  private readonly deadlines: AttemptDeadlines;
  /** For requests that are sent once: the breaker, if any. */
  private readonly once: CircuitBreakerPolicy | undefined;
  /** The breaker's failure count, told of the successes of first attempts made outside the policies. */
  private readonly consecutiveFailures: ConsecutiveBreaker | undefined;
  /** For idempotent, replayable requests: retries around the breaker, if any. */
  private readonly retrying: IPolicy | undefined;
  private readonly retryAfterSeconds: number;
  /** The URLs of the paths called lately (only read, never changed, by the callers: fetch and the redirect loop). */
  private readonly recentUrls = new RecentLookups<URL>(MAX_RECENT_URLS);

  constructor(settings: DownstreamSettings) {
    this.name = settings.name;
    this.target = settings.target;
    this.allowClientCredentials = settings.allowClientCredentials;
    this.maxRedirects = settings.maxRedirects;
    this.origin = settings.baseUrl.origin;
    this.basePath = settings.baseUrl.pathname.endsWith('/') ? settings.baseUrl.pathname : `${settings.baseUrl.pathname}/`;

    this.timeoutMs = settings.timeoutMs;
    this.fetchDispatcher = new HeadersTimeoutDispatcher(settings.timeoutMs);
    this.deadlines = new AttemptDeadlines(settings.timeoutMs);
    const failures = handleWhen((error) => !(error instanceof CallerAbort) && !isBrokenCircuitError(error));
    if (settings.circuitBreaker === false) {
      this.consecutiveFailures = undefined;
      this.once = undefined;
    } else {
      this.consecutiveFailures = new ConsecutiveBreaker(settings.circuitBreaker.consecutiveFailures);
      this.once = circuitBreaker(failures.orWhenResult((result) => (result as Status).status >= 500), {
        breaker: this.consecutiveFailures,
        halfOpenAfter: settings.circuitBreaker.halfOpenAfterMs,
      });
    }
    if (settings.retries > 0) {
      const retries = retry(failures.orWhenResult((result) => RETRYABLE_STATUSES.has((result as Status).status)), {
        maxAttempts: settings.retries,
        backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2000 }),
      });
      // A response that is retried is never read: release its connection.
      retries.onRetry((reason) => {
        if ('value' in reason) discardResponse(reason.value);
      });
      this.retrying = this.once === undefined ? retries : wrap(retries, this.once);
    } else {
      this.retrying = this.once;
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
    return this.recentUrls.get(path, this.resolvePath);
  }

  /** `resolve`, bound once: the memo's compute function, without a closure per call. */
  private readonly resolvePath = (path: string): URL => this.resolve(path);

  private resolve(path: string): URL {
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
    try {
      if (policy !== undefined && this.once !== undefined && this.once.state !== CircuitState.Closed) {
        return await policy.execute(() => this.attempt(request, authorization));
      }
      // The first attempt is made here, outside cockatiel, while the circuit is closed: see
      // `replayThroughPolicy`. Awaited directly: one promise less per call than a helper.
      let first: Outcome<R>;
      try {
        first = { value: await this.sendOnce(request, authorization) };
      } catch (error) {
        first = { error: this.classify(request, error) };
      }
      if ('value' in first && (policy === undefined || first.value.status < 500)) {
        if (policy !== undefined) this.consecutiveFailures?.success();
        return first.value;
      }
      if (policy === undefined || ('error' in first && first.error instanceof CallerAbort)) throw (first as { error: unknown }).error;
      return await this.replayThroughPolicy(policy, first, request, authorization);
    } catch (error) {
      if (error instanceof CallerAbort) throw error.error;
      if (error instanceof DownstreamUnavailableError) throw error;
      if (isBrokenCircuitError(error)) throw new DownstreamUnavailableError('ERR_DOWNSTREAM_CIRCUIT_OPEN', this.name, this.retryAfterSeconds);
      if (error instanceof AttemptTimedOut) throw new DownstreamUnavailableError('ERR_DOWNSTREAM_TIMEOUT', this.name, 1);
      throw new DownstreamUnavailableError('ERR_DOWNSTREAM_UNREACHABLE', this.name, 1, { cause: safeCause(error) });
    }
  }

  /**
   * Hands the outcome of a first attempt made outside cockatiel to `policy` (retries and/or
   * breaker) as the outcome of its own first attempt, so that the breaker counts it and retries
   * follow with new attempts, as if the policies had made the first one. The first attempt is
   * made outside while the circuit is closed because cockatiel's per-call wrappers, stopwatch
   * and events cost about 5 % of a keep-alive call, for nothing when the answer is good; a good
   * answer (below 500) is reported to the breaker as cockatiel itself does (`success` of its
   * `ConsecutiveBreaker`). The caller's abort passes through, counted neither way.
   */
  private replayThroughPolicy<R extends Status>(policy: IPolicy, first: Outcome<R>, request: OutboundRequest<R>, authorization: string): Promise<R> {
    let replayed = false;
    return policy.execute(() => {
      if (replayed) return this.attempt(request, authorization);
      replayed = true;
      return 'value' in first ? Promise.resolve(first.value) : Promise.reject(first.error);
    });
  }

  /** One attempt, given up after `timeoutMs` (until the response's headers), its error classified. */
  private async attempt<R extends Status>(request: OutboundRequest<R>, authorization: string): Promise<R> {
    try {
      return await this.sendOnce(request, authorization);
    } catch (error) {
      throw this.classify(request, error);
    }
  }

  /** Sends once, timed by the HTTP client itself or by a signal of the attempt's own (errors unclassified). */
  private sendOnce<R extends Status>(request: OutboundRequest<R>, authorization: string): Promise<R> {
    return request.timeout === 'client' ? request.send(authorization, request.signal) : this.sendWatched(request, authorization);
  }

  /** Sends with an abort signal of its own that {@link AttemptDeadlines} aborts after `timeoutMs`. */
  private async sendWatched<R extends Status>(request: OutboundRequest<R>, authorization: string): Promise<R> {
    const watched = this.deadlines.watch();
    const deadline = watched.controller.signal;
    const callerSignal = request.signal;
    try {
      return await request.send(authorization, callerSignal === undefined ? deadline : AbortSignal.any([deadline, callerSignal]));
    } catch (error) {
      if (deadline.aborted && callerSignal?.aborted !== true) throw new AttemptTimedOut(this.timeoutMessage());
      throw error;
    } finally {
      this.deadlines.release(watched);
    }
  }

  /** An attempt's error as the policies see it: the caller's abort, a timeout, or the error itself. */
  private classify<R extends Status>(request: OutboundRequest<R>, error: unknown): unknown {
    if (error instanceof CallerAbort || error instanceof AttemptTimedOut) return error;
    if (request.signal?.aborted === true) return new CallerAbort(error);
    if (request.timeout === 'client' && request.isTimeout?.(error) === true) return new AttemptTimedOut(this.timeoutMessage());
    return error;
  }

  private timeoutMessage(): string {
    return `Downstream "${this.name}" did not answer within ${this.timeoutMs} ms`;
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
