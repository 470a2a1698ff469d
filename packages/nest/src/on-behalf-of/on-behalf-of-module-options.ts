import type { DelegatedTokenSourceOptions } from '@baton/core';

/**
 * Timeouts, retries and circuit breaking of the calls to a downstream (retries and breaker by
 * cockatiel).
 *
 * @example
 * ```ts
 * const resilience: DownstreamResilienceOptions = { timeoutMs: 3000, retries: 1, circuitBreaker: { consecutiveFailures: 5, halfOpenAfterMs: 10_000 } };
 * ```
 */
export interface DownstreamResilienceOptions {
  /**
   * Longest wait for one attempt's response headers, in milliseconds; the request is then given
   * up and its connection closed. `DownstreamClient` has undici (Node's fetch) enforce it per
   * request and per redirect hop, on undici's coarse clock (up to about a second late); the
   * axios interceptor aborts the request. Default 10,000.
   */
  timeoutMs?: number;
  /**
   * Extra attempts after a connection failure, a timeout or a 502/503/504 answer, with
   * exponential backoff. Only idempotent requests (GET, HEAD, OPTIONS, PUT, DELETE) whose body
   * can be sent again are retried. Default 2; 0 turns retries off.
   */
  retries?: number;
  /**
   * Stop calling a downstream after this many consecutive failures (connection failures,
   * timeouts, 5xx answers) and answer 503 at once until `halfOpenAfterMs` has passed and a
   * trial call succeeds. `false` turns it off. Default `{ consecutiveFailures: 5, halfOpenAfterMs: 10_000 }`.
   */
  circuitBreaker?: { consecutiveFailures?: number; halfOpenAfterMs?: number } | false;
}

/**
 * A service this one calls: where it is, and the token it needs.
 *
 * @example
 * ```ts
 * const discount: DownstreamOptions = { baseUrl: 'https://discount.internal', audience: 'discount', scope: 'discount.fullaccess' };
 * ```
 */
export interface DownstreamOptions {
  /**
   * The downstream's base URL. The exchanged token is sent only to URLs of this exact origin
   * whose path is this base path or below it. `https`; plain `http` only on localhost,
   * 127.0.0.1 and [::1] with `allowInsecureHttp: true` (the rule of the authority's URL).
   */
  baseUrl: string;
  /** The audience to ask the token for (RFC 8693 `audience`). At least one of `audience`, `resource` and `scope`. */
  audience?: string;
  /** The resource indicator to ask the token for (RFC 8707 `resource`, an absolute URI). */
  resource?: string;
  /** The scopes to ask for: a space-separated string or a list. Default: none (the authority's default). */
  scope?: string | readonly string[];
  /**
   * Let calls made with no user (no verified inbound token: a `@Public()` route, a job) go out
   * with a client-credentials token of this service. Default false: such calls fail with
   * `MissingSubjectTokenError` and the downstream is not called.
   */
  allowClientCredentials?: boolean;
  /** Most redirects followed by `DownstreamClient` (the token goes only to hops under `baseUrl`). Default 5. */
  maxRedirects?: number;
  /** Overrides the module's `resilience` for this downstream. */
  resilience?: DownstreamResilienceOptions;
}

/**
 * Options of {@link OnBehalfOfModule}: how to reach the authority, authenticate to it and cache
 * its tokens (every option of `@baton/core`'s `DelegatedTokenSource`: `authority`, `client`,
 * `dialect`, `cache`, `timeoutMs`, `retries`, `circuitBreaker`… for the calls to the
 * authority), plus the named downstreams and how calls to them behave.
 *
 * @example
 * ```ts
 * OnBehalfOfModule.register({
 *   authority: 'https://auth.example.com',
 *   client: { id: 'shoppingbasket', secret: process.env.SHOPPINGBASKET_SECRET },
 *   downstreams: { discount: { baseUrl: 'https://discount.internal', audience: 'discount', scope: 'discount.fullaccess' } },
 * })
 * ```
 */
export interface OnBehalfOfModuleOptions extends DelegatedTokenSourceOptions {
  /** The services called on behalf of the user, by name: `{ discount: { baseUrl, audience, scope } }`. */
  downstreams: Readonly<Record<string, DownstreamOptions>>;
  /** Timeouts, retries and circuit breaking of every downstream call (each downstream may override). */
  resilience?: DownstreamResilienceOptions;
  /**
   * Attach the interceptor to every `@nestjs/axios` `HttpService` of the application when it
   * boots (and detach it at shutdown). Default true.
   */
  attachToHttpServices?: boolean;
}
