import { LRUCache } from 'lru-cache';
import type { Principal } from '../claims/principal.js';
import type { RemoteKeySet } from '../keys/remote-key-set.js';

/** What the verifier keeps of a token it verified. */
export interface VerifiedTokenEntry {
  readonly principal: Principal;
  /** The key set the token was verified with: the entry is used only while it is fresh. */
  readonly keys: RemoteKeySet;
  /** Key-set generation the token was verified with (see RemoteKeySet.generation). */
  readonly generation: number | undefined;
  /** Seconds since the epoch from which the token is refused: `exp`, or earlier with `maxTokenAge`. */
  readonly validUntil: number;
}

/** How many trailing characters of a token its fingerprint reads (its signature's end). */
const FINGERPRINT_CHARACTERS = 24;

/**
 * Remembers tokens already verified, keyed on the full token string, so a client that sends
 * the same token many times pays for one signature check.
 *
 * Safety rules, each checked on every hit by the verifier: the entry is bounded by the token's
 * own `exp` and `maxTokenAge` (lru-cache TTL plus an explicit check), by the generation of the key set it was
 * verified with (a refreshed JWKS drops it, so a removed key stops passing, K4), and by
 * `maxEntries` / `maxBytes`.
 *
 * Admission: a token enters the cache the second time it is verified, not the first. A
 * "seen once" filter remembers a 30-bit fingerprint of the last `maxEntries / 2` to
 * `maxEntries` tokens verified (numbers only, no token text). Where most tokens are sent once
 * or rarely (many clients), caching each would cost an insertion, an eviction and garbage that
 * outlives the request, for no hit: a token not seen again within `maxEntries` others would
 * have been evicted unused anyway. A token used again and again is cached from its second use.
 * The filter only decides what is stored: a fingerprint that collides merely lets a verified
 * token in one use early; lookups always compare the whole token.
 */
export class VerifiedTokenCache {
  private readonly lru: LRUCache<string, VerifiedTokenEntry>;
  private readonly filterGeneration: number;
  private seenRecently = new Set<number>();
  private seenBefore = new Set<number>();

  constructor(maxEntries: number, maxBytes: number) {
    this.lru = new LRUCache<string, VerifiedTokenEntry>({
      max: maxEntries,
      maxSize: maxBytes,
      // Token characters (UTF-16) plus a rough allowance for the principal.
      sizeCalculation: (_entry, token) => token.length * 2 + 1024,
      ttlAutopurge: false,
      // Read the clock on every check: with the default (1 ms), lru-cache sets a timer after a
      // read to forget its cached clock, an async resource on nearly every request with a
      // cached token.
      ttlResolution: 0,
      updateAgeOnGet: false,
    });
    this.filterGeneration = Math.max(1, Math.floor(maxEntries / 2));
  }

  get(token: string): VerifiedTokenEntry | undefined {
    return this.lru.get(token);
  }

  /**
   * True when `token`, just verified, should be stored: it was verified recently already.
   * Otherwise notes it as seen once and answers false.
   */
  admits(token: string): boolean {
    const fingerprint = fingerprintOf(token);
    if (this.seenRecently.has(fingerprint) || this.seenBefore.has(fingerprint)) return true;
    if (this.seenRecently.size >= this.filterGeneration) {
      // Two generations: the filter always remembers at least the last filterGeneration tokens.
      this.seenBefore = this.seenRecently;
      this.seenRecently = new Set();
    }
    this.seenRecently.add(fingerprint);
    return false;
  }

  set(token: string, entry: VerifiedTokenEntry, ttlMs: number): void {
    if (ttlMs > 0) this.lru.set(token, entry, { ttl: ttlMs });
  }

  /** Number of tokens kept (for tests and metrics). */
  get size(): number {
    return this.lru.size;
  }

  clear(): void {
    this.lru.clear();
    this.seenRecently.clear();
    this.seenBefore.clear();
  }
}

/**
 * FNV-1a over the length and the last characters of the token (a JWS ends with its
 * signature, which differs between any two tokens), folded to a small integer so the filter
 * holds plain numbers and never a reference to the token.
 */
function fingerprintOf(token: string): number {
  let hash = 0x811c9dc5 ^ token.length;
  for (let index = Math.max(0, token.length - FINGERPRINT_CHARACTERS); index < token.length; index += 1) {
    hash = Math.imul(hash ^ token.charCodeAt(index), 0x01000193);
  }
  return hash >>> 2;
}
