import type { Principal } from '../claims/principal.js';
import type { RemoteKeySet } from '../keys/remote-key-set.js';
import { VerifiedTokenCache, type VerifiedTokenEntry } from './verified-token-cache.js';

/** A token-shaped string, unique per `n`, with a varying signature-like tail. */
function token(n: number): string {
  return `eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.${n.toString(36).padStart(8, '0')}${'s'.repeat(78)}${n.toString(36).padStart(8, '0')}`;
}

function entry(subject: string): VerifiedTokenEntry {
  return { principal: { subject } as Principal, keys: {} as RemoteKeySet, generation: 1, validUntil: 2_000_000_000 };
}

describe('VerifiedTokenCache', () => {
  describe('admission on the second sighting', () => {
    it('P6: a token is admitted the second time it is verified, not the first', () => {
      const cache = new VerifiedTokenCache(100, 1 << 20);

      expect(cache.admits(token(1))).toBe(false);
      expect(cache.admits(token(1))).toBe(true);
      expect(cache.admits(token(1))).toBe(true);
    });

    it('P6: a stream of distinct tokens, each sent once, admits none', () => {
      const cache = new VerifiedTokenCache(100, 1 << 20);

      const admitted = Array.from({ length: 5_000 }, (_, n) => cache.admits(token(n))).filter(Boolean);

      expect(admitted).toEqual([]);
    });

    it.each([
      ['right after', 0],
      ['after maxEntries / 2 others', 50],
      ['after maxEntries / 2 + 1 others', 51],
    ])('P6: a token seen again %s is admitted', (_name, others) => {
      const cache = new VerifiedTokenCache(100, 1 << 20);
      cache.admits(token(0));
      for (let n = 1; n <= others; n += 1) cache.admits(token(n));

      expect(cache.admits(token(0))).toBe(true);
    });

    it.each([
      ['maxEntries', 100, 100],
      ['a thousand', 100, 1_000],
      ['maxEntries (an odd maxEntries)', 7, 7],
    ])('P6: a token seen again after %s other tokens is forgotten: the filter is bounded', (_name, maxEntries, others) => {
      const cache = new VerifiedTokenCache(maxEntries, 1 << 20);
      cache.admits(token(0));
      for (let n = 1; n <= others; n += 1) cache.admits(token(n));

      expect(cache.admits(token(0))).toBe(false);
      expect(cache.admits(token(0))).toBe(true);
    });

    it('P6: admission never makes the cache serve one token for another: lookups use the whole token', () => {
      const cache = new VerifiedTokenCache(100, 1 << 20);
      const original = token(7);
      // Same length and same last 24 characters: the same fingerprint, a different token.
      const lookalike = `X${original.slice(1)}`;
      cache.admits(original);

      expect(cache.admits(lookalike)).toBe(true);
      cache.set(original, entry('original'), 60_000);

      expect(cache.get(lookalike)).toBeUndefined();
      expect(cache.get(original)?.principal.subject).toBe('original');
    });
  });

  describe('storage', () => {
    it('C4: an entry with no time left is not stored', () => {
      const cache = new VerifiedTokenCache(100, 1 << 20);

      cache.set(token(1), entry('a'), 0);
      cache.set(token(2), entry('b'), -5);

      expect(cache.size).toBe(0);
      expect(cache.get(token(1))).toBeUndefined();
    });

    it('P6: holds at most maxEntries tokens', () => {
      const cache = new VerifiedTokenCache(3, 1 << 20);

      for (let n = 0; n < 10; n += 1) cache.set(token(n), entry(`user-${n}`), 60_000);

      expect(cache.size).toBe(3);
      expect(cache.get(token(9))?.principal.subject).toBe('user-9');
      expect(cache.get(token(0))).toBeUndefined();
    });

    it('P6: clear() forgets stored tokens and the tokens seen once', () => {
      const cache = new VerifiedTokenCache(100, 1 << 20);
      cache.admits(token(1));
      cache.set(token(2), entry('b'), 60_000);

      cache.clear();

      expect(cache.size).toBe(0);
      expect(cache.admits(token(1))).toBe(false);
    });
  });
});
