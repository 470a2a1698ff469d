import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { SessionTokens } from './storefront-session.js';

/** How long tokens are kept without use: the session cookie's lifetime. */
export const SESSION_TOKENS_TTL_MS = 8 * 60 * 60 * 1000;

/**
 * The signed-in people's tokens, in this process's memory, under a random key that the session
 * holds. They are kept out of the session object itself on purpose: express-session gives each
 * request its own copy of the session and saves the last one, so a refresh token rotated by one
 * request would be overwritten by the stale copy of a concurrent one (and reusing a rotated
 * refresh token makes the authority revoke the grant). Here every request of a session shares
 * one {@link SessionTokens} object.
 *
 * Bounded (LRU, at most `maxSessions`) and idle entries expire with the session.
 *
 * @example
 * ```ts
 * request.session.tokensKey = store.create({ refreshToken, api: {} });
 * const tokens = store.get(request.session.tokensKey);
 * ```
 */
export class SessionTokenStore {
  private readonly entries: LRUCache<string, SessionTokens>;

  constructor(maxSessions = 10_000) {
    this.entries = new LRUCache<string, SessionTokens>({ max: maxSessions, ttl: SESSION_TOKENS_TTL_MS, updateAgeOnGet: true });
  }

  /** Stores a new person's tokens; returns the key for their session. */
  create(tokens: SessionTokens): string {
    const key = randomBytes(24).toString('base64url');
    this.entries.set(key, tokens);
    return key;
  }

  get(key: string | undefined): SessionTokens | undefined {
    return key === undefined ? undefined : this.entries.get(key);
  }

  delete(key: string | undefined): void {
    if (key !== undefined) this.entries.delete(key);
  }
}
