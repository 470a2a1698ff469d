import { LRUCache } from 'lru-cache';
import type { Principal } from '../claims/principal.js';

interface Entry {
  readonly principal: Principal;
  /** Key-set generation the token was verified with (see RemoteKeySet.generation). */
  readonly generation: number | undefined;
  readonly issuer: string;
  /** Seconds since the epoch from which the token is refused: `exp`, or earlier with `maxTokenAge`. */
  readonly validUntil: number;
}

/**
 * Remembers tokens already verified, keyed on the full token string, so a client that sends
 * the same token many times pays for one signature check.
 *
 * Safety rules, each checked on every hit by the verifier: the entry is bounded by the token's
 * own `exp` and `maxTokenAge` (lru-cache TTL plus an explicit check), by the generation of the key set it was
 * verified with (a refreshed JWKS drops it, so a removed key stops passing, K4), and by
 * `maxEntries` / `maxBytes`.
 */
export class VerifiedTokenCache {
  private readonly lru: LRUCache<string, Entry>;

  constructor(maxEntries: number, maxBytes: number) {
    this.lru = new LRUCache<string, Entry>({
      max: maxEntries,
      maxSize: maxBytes,
      // Token characters (UTF-16) plus a rough allowance for the principal.
      sizeCalculation: (_entry, token) => token.length * 2 + 1024,
      ttlAutopurge: false,
      updateAgeOnGet: false,
    });
  }

  get(token: string): Entry | undefined {
    return this.lru.get(token);
  }

  set(token: string, entry: Entry, ttlMs: number): void {
    if (ttlMs > 0) this.lru.set(token, entry, { ttl: ttlMs });
  }

  /** Number of tokens kept (for tests and metrics). */
  get size(): number {
    return this.lru.size;
  }

  clear(): void {
    this.lru.clear();
  }
}
