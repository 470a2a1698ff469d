import type { ObtainedToken } from './obtained-token.js';

/**
 * One cached exchange: the token, when the cache must stop serving it and when a background
 * refresh may start. Plain data, so a shared store can serialise it (it holds a token: encrypt
 * it at rest and never log it).
 *
 * @example
 * ```ts
 * const entry: ExchangedTokenEntry = { token, cachedUntil: token.expiresAt * 1000 - 30_000, refreshAt: token.expiresAt * 1000 - 90_000 };
 * ```
 */
export interface ExchangedTokenEntry {
  /** The token as `tokenFor` returns it. */
  readonly token: ObtainedToken;
  /** Milliseconds since the epoch from which the entry must not be served: `expiresAt` less the skew. */
  readonly cachedUntil: number;
  /** Milliseconds since the epoch from which a hit starts one background refresh (jittered). */
  readonly refreshAt: number;
}

/**
 * Where `DelegatedTokenSource` keeps exchanged tokens. The default is
 * {@link MemoryExchangedTokenStore}; implement this to share the cache between instances
 * (Redis, Memcached…). Each method may answer synchronously or with a promise.
 *
 * Keys are opaque SHA-256 digests (43 base64url characters) of everything that makes an
 * exchange different (subject token, client, audience, resource, scopes, actor, token types,
 * dialect, authority); they never contain a token. The source checks `cachedUntil` on every
 * read, so a store's TTL only needs to reclaim space, not to be exact. A store that fails
 * (throws or rejects) is treated as a miss on `get` and ignored on `set`/`delete`: the
 * exchange still happens, the caller still gets a token.
 *
 * Single flight (one exchange for concurrent misses) is per `DelegatedTokenSource`, i.e. per
 * process; with a shared store, each process may exchange once for the same key.
 *
 * @example
 * ```ts
 * class RedisExchangedTokenStore implements ExchangedTokenStore {
 *   constructor(private readonly redis: Redis) {}
 *   async get(key: string) { const raw = await this.redis.get(`obo:${key}`); return raw === null ? undefined : JSON.parse(decrypt(raw)); }
 *   async set(key: string, entry: ExchangedTokenEntry, ttlMs: number) { await this.redis.set(`obo:${key}`, encrypt(JSON.stringify(entry)), 'PX', ttlMs); }
 *   async delete(key: string) { await this.redis.del(`obo:${key}`); }
 * }
 * ```
 */
export interface ExchangedTokenStore {
  /** The entry stored under `key`, or undefined. */
  get(key: string): ExchangedTokenEntry | undefined | Promise<ExchangedTokenEntry | undefined>;
  /** Stores `entry` under `key` for `ttlMs` milliseconds (always > 0). */
  set(key: string, entry: ExchangedTokenEntry, ttlMs: number): void | Promise<void>;
  /** Forgets `key`. */
  delete(key: string): void | Promise<void>;
  /** Releases connections; called by `DelegatedTokenSource.close()`. */
  close?(): void | Promise<void>;
}
