import { createHook } from 'node:async_hooks';
import type { ExchangedTokenEntry } from './exchanged-token-store.js';
import { MemoryExchangedTokenStore } from './memory-exchanged-token-store.js';

function entry(accessToken = 'a'.repeat(100)): ExchangedTokenEntry {
  return {
    token: { accessToken, tokenType: 'Bearer', expiresAt: 2_000_000_000, scope: ['s'], issuedTokenType: 'urn:ietf:params:oauth:token-type:access_token' },
    cachedUntil: Date.now() + 60_000,
    refreshAt: Date.now() + 30_000,
  };
}

describe('MemoryExchangedTokenStore', () => {
  it('keeps, returns and deletes entries', () => {
    const store = new MemoryExchangedTokenStore();
    const value = entry();
    store.set('k', value, 60_000);

    expect(store.get('k')).toBe(value);
    store.delete('k');
    expect(store.get('k')).toBeUndefined();
  });

  it('does not keep an entry with no time left', () => {
    const store = new MemoryExchangedTokenStore();
    store.set('k', entry(), 0);

    expect(store.size).toBe(0);
  });

  it('drops an entry once its TTL has passed', async () => {
    const store = new MemoryExchangedTokenStore();
    store.set('k', entry(), 20);
    await new Promise((resolve) => setTimeout(resolve, 40));

    expect(store.get('k')).toBeUndefined();
  });

  it('O2: is bounded by entries, least recently used first', () => {
    const store = new MemoryExchangedTokenStore({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) store.set(key, entry(), 60_000);
    store.get('a');
    store.set('d', entry(), 60_000);

    expect(store.size).toBe(3);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toBeDefined();
  });

  it('O2: is bounded by bytes, sizing entries by their strings', () => {
    const store = new MemoryExchangedTokenStore({ maxBytes: 5_000 });
    for (let i = 0; i < 10; i += 1) store.set(`key-${i}`, entry('t'.repeat(1_000)), 60_000);

    expect(store.bytes).toBeLessThanOrEqual(5_000);
    expect(store.size).toBe(2);
  });

  it('an entry larger than maxBytes is not kept at all', () => {
    const store = new MemoryExchangedTokenStore({ maxBytes: 1_000 });
    store.set('k', entry('t'.repeat(2_000)), 60_000);

    expect(store.size).toBe(0);
  });

  it('close empties it', () => {
    const store = new MemoryExchangedTokenStore();
    store.set('k', entry(), 60_000);
    store.close();

    expect(store.size).toBe(0);
  });

  it.each([
    [{ maxEntries: 0 }, '`maxEntries` must be a whole number > 0'],
    [{ maxEntries: 1.5 }, '`maxEntries` must be a whole number > 0'],
    [{ maxBytes: -1 }, '`maxBytes` must be a whole number of bytes > 0'],
  ])('refuses %j', (options, message) => {
    expect(() => new MemoryExchangedTokenStore(options)).toThrow(message);
  });
});

describe('MemoryExchangedTokenStore reads', () => {
  it('a warm read sets no timer (lru-cache ttlResolution 0): no async resource per read', async () => {
    const store = new MemoryExchangedTokenStore();
    store.set('k'.repeat(43), { token: { accessToken: 'a', tokenType: 'Bearer', expiresAt: 0, scope: [], issuedTokenType: 't' }, cachedUntil: Date.now() + 60_000, refreshAt: Date.now() + 60_000 }, 60_000);
    const timers: string[] = [];
    // Counted only while a read runs (lru-cache sets its timer inside `get`), so that timers of
    // anything else in the process between two reads do not count.
    const hook = createHook({
      init(_id, type) {
        if (type === 'Timeout') timers.push(type);
      },
    });
    for (let i = 0; i < 10; i += 1) {
      hook.enable();
      const read = store.get('k'.repeat(43));
      hook.disable();
      expect(read?.token.accessToken).toBe('a');
      // Past lru-cache's default 1 ms clock resolution: with it, the next read would set a timer again.
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    expect(timers).toEqual([]);
  });
});
