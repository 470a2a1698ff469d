import { LRUCache } from 'lru-cache';
import type { ExchangedTokenEntry, ExchangedTokenStore } from './exchanged-token-store.js';

/**
 * Bounds of a {@link MemoryExchangedTokenStore}.
 *
 * @example
 * ```ts
 * const store = new MemoryExchangedTokenStore({ maxEntries: 1000, maxBytes: 4 * 1024 * 1024 });
 * ```
 */
export interface MemoryExchangedTokenStoreOptions {
  /** Most entries kept; the least recently used go first. Default 10,000. */
  maxEntries?: number;
  /** Most memory used by the entries, roughly, in bytes. Default 16 MiB. */
  maxBytes?: number;
}

/**
 * The default {@link ExchangedTokenStore}: an in-process LRU (lru-cache) bounded by entries and
 * by bytes, each entry also bounded by its TTL. Entries are sized by their strings (UTF-16, so
 * two bytes a character) plus a fixed allowance for the objects around them.
 *
 * The entries live in a private field, so logging the store (or the token source holding it)
 * prints no token.
 *
 * @example
 * ```ts
 * const tokens = new DelegatedTokenSource({ authority, client, cache: { store: new MemoryExchangedTokenStore({ maxEntries: 1000 }) } });
 * ```
 */
export class MemoryExchangedTokenStore implements ExchangedTokenStore {
  readonly #lru: LRUCache<string, ExchangedTokenEntry>;

  constructor(options: MemoryExchangedTokenStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 10_000;
    const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
    if (!Number.isInteger(maxEntries) || maxEntries <= 0) throw new TypeError('`maxEntries` must be a whole number > 0, e.g. 10000.');
    if (!Number.isInteger(maxBytes) || maxBytes <= 0) throw new TypeError('`maxBytes` must be a whole number of bytes > 0, e.g. 16777216.');
    this.#lru = new LRUCache<string, ExchangedTokenEntry>({
      max: maxEntries,
      maxSize: maxBytes,
      sizeCalculation: entrySize,
      ttlAutopurge: false,
      // Read the clock on every check: with the default (1 ms), lru-cache sets a timer after a
      // read to forget its cached clock, an async resource on nearly every warm `get`.
      ttlResolution: 0,
      updateAgeOnGet: false,
    });
  }

  get(key: string): ExchangedTokenEntry | undefined {
    return this.#lru.get(key);
  }

  set(key: string, entry: ExchangedTokenEntry, ttlMs: number): void {
    if (ttlMs > 0) this.#lru.set(key, entry, { ttl: Math.ceil(ttlMs) });
  }

  delete(key: string): void {
    this.#lru.delete(key);
  }

  /** Number of entries kept (for tests and metrics). */
  get size(): number {
    return this.#lru.size;
  }

  /** Bytes used by the entries kept, as sized here (for tests and metrics). */
  get bytes(): number {
    return this.#lru.calculatedSize;
  }

  close(): void {
    this.#lru.clear();
  }
}

/** The fixed part: the entry, the token object, the scope array and lru-cache's bookkeeping. */
const ENTRY_OVERHEAD = 256;

function entrySize(entry: ExchangedTokenEntry, key: string): number {
  const { token } = entry;
  let characters = key.length + token.accessToken.length + token.tokenType.length + token.issuedTokenType.length;
  for (const scope of token.scope) characters += scope.length + 8;
  return characters * 2 + ENTRY_OVERHEAD;
}
