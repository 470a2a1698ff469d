import { InvalidTokenError } from '../errors/invalid-token.error.js';
import { AuthorityGate } from './authority-gate.js';
import type { DelegatedTokenSourceOptions } from './delegated-token-source-options.js';
import type { DownstreamTarget } from './downstream-target.js';
import { exchangeCacheKey, type ExchangeCacheScope } from './exchange-cache-key.js';
import { MemoryExchangedTokenStore } from './memory-exchanged-token-store.js';
import type { ExchangeRequest } from './exchange-request.js';
import type { ExchangedTokenEntry } from './exchanged-token-store.js';
import { normaliseExchangeRequest } from './normalise-exchange-request.js';
import type { ObtainedToken } from './obtained-token.js';
import { PreparedExchanges, type PreparedExchange } from './prepared-exchanges.js';
import { readObtainedToken } from './read-obtained-token.js';
import { resolveTokenSourceOptions, type ResolvedTokenSourceOptions } from './resolve-token-source-options.js';
import { TokenEndpointClient } from './token-endpoint-client.js';

/**
 * Obtains tokens for downstream services, and caches them: on behalf of a user by OAuth 2.0
 * Token Exchange (RFC 8693) or Entra ID's on-behalf-of flow, or as this service itself by
 * client credentials. Build one per authority and client at start-up and share it.
 *
 * - **Cache (O2).** Keyed by a SHA-256 digest of the subject token, the client, the audience,
 *   the resource, the sorted scopes, a digest of the actor token, the token types, the dialect
 *   and the authority, never by a raw token: one user's token is never served to another, nor
 *   for another target. An entry ends `skewSeconds` before the earlier of the token's own end
 *   and the subject token's `exp`; the store is bounded by entries and bytes.
 * - **Single flight (O3).** Concurrent misses for one key share one exchange; if it fails,
 *   every waiter gets the error and nothing is cached.
 * - **Refresh ahead.** A hit within `refreshAheadSeconds` (jittered) of the entry's end starts
 *   one background exchange; callers keep getting the still-valid token meanwhile.
 * - **Resilience (O5).** A timeout, bounded retries for transient failures, a circuit breaker
 *   (cockatiel), and the authority's `Retry-After` honoured: outages reach the caller as a
 *   `TemporarilyUnavailableError` (503 + `Retry-After`), never as a forwarded inbound token.
 * - **Refusals.** The authority refusing the subject token → `InvalidTokenError`
 *   `ERR_TOKEN_EXCHANGE_REFUSED` (401, O4); refusing this client or its target →
 *   `TokenExchangeFailedError` (502).
 * - **Secrets (O6).** No token or secret is logged, or put in an error's message or cause;
 *   the options and the cache live in private fields, so logging the source prints neither.
 *
 * @example
 * ```ts
 * const tokens = new DelegatedTokenSource({
 *   authority: 'https://auth.example.com',
 *   client: { id: 'shoppingbasket', secret: process.env.SHOPPINGBASKET_SECRET },
 * });
 * // on behalf of the caller of this request:
 * const { accessToken } = await tokens.tokenFor({ audience: 'discount', scope: ['discount.fullaccess'] }, inboundToken);
 * // as the service itself (client credentials):
 * const own = await tokens.tokenFor({ audience: 'eventcatalog', scope: ['eventcatalog.read'] });
 * // a downstream answered 401 invalid_token to it:
 * tokens.evict({ audience: 'discount', scope: ['discount.fullaccess'] }, inboundToken);
 * ```
 */
export class DelegatedTokenSource {
  readonly #options: ResolvedTokenSourceOptions;
  readonly #keyScope: ExchangeCacheScope;
  readonly #gate: AuthorityGate;
  readonly #client: TokenEndpointClient;
  readonly #inFlight = new Map<string, Promise<ObtainedToken>>();
  readonly #prepared = new PreparedExchanges();
  #closed = false;

  /** @throws TypeError when an option is wrong; the message names it and the fix. */
  constructor(options: DelegatedTokenSourceOptions) {
    const resolved = resolveTokenSourceOptions(options);
    this.#options = resolved;
    this.#keyScope = {
      authority: resolved.issuer,
      clientId: resolved.client.id,
      dialect: resolved.dialect,
      subjectTokenType: resolved.subjectTokenType,
      actorTokenType: resolved.actorTokenType,
      requestedTokenType: resolved.requestedTokenType,
    };
    this.#gate = new AuthorityGate(resolved);
    this.#client = new TokenEndpointClient(resolved, (seconds) => this.#gate.noteRetryAfter(seconds));
  }

  /**
   * A token for `target`: exchanged on behalf of the subject token's user (with `actorToken`,
   * if given, as the actor), or, without a subject token, a client-credentials token of this
   * service. Served from the cache when a valid entry exists; concurrent misses share one
   * exchange.
   *
   * @param target the downstream's audience and/or resource, and scopes.
   * @param subjectToken the inbound access token, already verified by this service.
   * @param actorToken a token naming the acting party (RFC 8693 `actor_token`), rarely needed.
   * @throws InvalidTokenError `ERR_TOKEN_EXCHANGE_REFUSED` when the authority refuses the subject token (401).
   * @throws TemporarilyUnavailableError when the authority is down, slow, rate-limiting or its circuit is open (503).
   * @throws TokenExchangeFailedError when the authority refuses this client or target, or answers nonsense (502).
   * @throws TypeError for a malformed target or token argument (a programming mistake).
   */
  async tokenFor(target: DownstreamTarget, subjectToken?: string, actorToken?: string): Promise<ObtainedToken> {
    if (this.#closed) throw new TypeError('This DelegatedTokenSource is closed.');
    const prepared = this.#prepare(target, subjectToken, actorToken);
    const cache = this.#options.cache;
    if (cache !== undefined) {
      const found = readStore(() => cache.store.get(prepared.key));
      const entry = isPromise(found) ? await found.catch(() => undefined) : found;
      const token = entry === undefined ? undefined : this.#serve(prepared, entry);
      if (token !== undefined) return token;
    }
    return this.#inFlight.get(prepared.key) ?? this.#exchange(prepared.key, prepared.request);
  }

  /**
   * The cached token `tokenFor` would give for these arguments, without waiting: a token from
   * the built-in in-memory cache, or undefined (no valid entry, no cache, a store of your own,
   * which may answer later: use `tokenFor`). A hit near its end starts the background refresh,
   * as `tokenFor` does. Saves a warm call its promise and its turn of the event loop.
   *
   * @throws TypeError for a malformed target or token argument, or a closed source.
   */
  cachedToken(target: DownstreamTarget, subjectToken?: string, actorToken?: string): ObtainedToken | undefined {
    if (this.#closed) throw new TypeError('This DelegatedTokenSource is closed.');
    const store = this.#options.cache?.store;
    if (!(store instanceof MemoryExchangedTokenStore)) return undefined;
    const prepared = this.#prepare(target, subjectToken, actorToken);
    const entry = store.get(prepared.key);
    return entry === undefined ? undefined : this.#serve(prepared, entry);
  }

  /**
   * Forgets the cached token for these arguments (e.g. after the downstream answered
   * `401 invalid_token` to it); the next `tokenFor` exchanges again.
   */
  evict(target: DownstreamTarget, subjectToken?: string, actorToken?: string): void {
    const cache = this.#options.cache;
    if (cache === undefined) return;
    const { key } = this.#prepare(target, subjectToken, actorToken);
    ignoreFailure(() => cache.store.delete(key));
  }

  /** Stops taking calls, waits for the exchanges in progress, and closes the store. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#prepared.clear();
    await Promise.allSettled([...this.#inFlight.values()]);
    const store = this.#options.cache?.store;
    if (store?.close !== undefined) await Promise.resolve(store.close()).catch(() => undefined);
  }

  /**
   * The normalised request and its cache key: computed once per (subject token, target, actor
   * token) and then remembered, since a warm call would otherwise normalise and hash the same
   * arguments every time.
   */
  #prepare(target: DownstreamTarget, subjectToken: string | undefined, actorToken: string | undefined): PreparedExchange {
    const remembered = this.#prepared.find(target, subjectToken, actorToken);
    if (remembered !== undefined) return remembered;
    const request = this.#normalise(target, subjectToken, actorToken);
    const prepared: PreparedExchange = { request, key: exchangeCacheKey(this.#keyScope, request) };
    this.#prepared.remember(target, subjectToken, actorToken, prepared);
    return prepared;
  }

  #normalise(target: DownstreamTarget, subjectToken: string | undefined, actorToken: string | undefined): ExchangeRequest {
    const request = normaliseExchangeRequest(target, subjectToken, actorToken);
    if (this.#options.dialect === 'entra-obo') {
      if (request.resource !== undefined) throw new TypeError('`target.resource` is not used by Entra ID on-behalf-of; name the downstream by `scope` (e.g. "api://discount/.default") or `audience`.');
      if (request.actorToken !== undefined) throw new TypeError('`actorToken` is not part of Entra ID on-behalf-of; use the rfc8693 dialect for actor tokens.');
    }
    return request;
  }

  /** The entry's token while it may be served (refreshed in the background when due), else undefined. */
  #serve(prepared: PreparedExchange, entry: ExchangedTokenEntry): ObtainedToken | undefined {
    const now = Date.now();
    if (entry.cachedUntil <= now) return undefined;
    if (entry.refreshAt <= now && !this.#inFlight.has(prepared.key)) this.#refreshInBackground(prepared.key, prepared.request, entry);
    return entry.token;
  }

  /** One exchange for `key`, shared by every caller until it settles (single flight, O3). */
  #exchange(key: string, request: ExchangeRequest): Promise<ObtainedToken> {
    const exchange = this.#gate
      .run((signal) => this.#client.request(request, signal))
      .then((response) => {
        const token = readObtainedToken(response, {
          rfc8693Exchange: this.#options.dialect === 'rfc8693' && request.subjectToken !== undefined,
          requestedTokenType: this.#options.requestedTokenType,
          requestedScopes: request.scopes,
          subjectToken: request.subjectToken,
          nowMs: Date.now(),
        });
        this.#store(key, token);
        return token;
      });
    this.#inFlight.set(key, exchange);
    const settle = (): void => {
      if (this.#inFlight.get(key) === exchange) this.#inFlight.delete(key);
    };
    exchange.then(settle, settle);
    return exchange;
  }

  #store(key: string, token: ObtainedToken): void {
    const cache = this.#options.cache;
    if (cache === undefined || this.#closed) return;
    const now = Date.now();
    const cachedUntil = token.expiresAt * 1000 - cache.skewMs;
    if (cachedUntil <= now) return;
    const entry: ExchangedTokenEntry = { token, cachedUntil, refreshAt: refreshMoment(now, cachedUntil, cache.refreshAheadMs) };
    ignoreFailure(() => cache.store.set(key, entry, cachedUntil - now));
  }

  /**
   * One background exchange for an entry near its end; callers keep the cached token. If the
   * authority refuses the subject token, the entry goes (it must not outlive that verdict);
   * on any other failure it stays, and the next attempt waits a third of its remaining life.
   */
  #refreshInBackground(key: string, request: ExchangeRequest, entry: ExchangedTokenEntry): void {
    this.#exchange(key, request).catch((error: unknown) => {
      const cache = this.#options.cache;
      if (cache === undefined) return;
      if (error instanceof InvalidTokenError) {
        ignoreFailure(() => cache.store.delete(key));
        return;
      }
      const now = Date.now();
      if (entry.cachedUntil <= now) return;
      const retryAt = now + Math.max(1_000, (entry.cachedUntil - now) / 3);
      ignoreFailure(() => cache.store.set(key, { ...entry, refreshAt: Math.min(retryAt, entry.cachedUntil) }, entry.cachedUntil - now));
    });
  }
}

/**
 * When a hit should start a background refresh: at a random moment between `refreshAheadMs`
 * and half of it before the entry's end, and not before half of the entry's life (a short-lived
 * token is not refreshed as soon as it is cached). The jitter spreads a fleet's refreshes.
 */
function refreshMoment(now: number, cachedUntil: number, refreshAheadMs: number): number {
  if (refreshAheadMs === 0) return Number.MAX_SAFE_INTEGER;
  const window = Math.min(refreshAheadMs, (cachedUntil - now) / 2);
  return cachedUntil - window + Math.random() * (window / 2);
}

function readStore<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

/** A store failing must not fail the caller: the token is still good, only not (un)cached. */
function ignoreFailure(action: () => void | Promise<void>): void {
  try {
    const result = action();
    if (isPromise(result)) result.catch(() => undefined);
  } catch {
    // Nothing to do: see above.
  }
}
