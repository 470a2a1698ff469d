import { decodePayload } from '@baton/testing';
import { InvalidTokenError } from '../errors/invalid-token.error.js';
import { TemporarilyUnavailableError } from '../errors/temporarily-unavailable.error.js';
import type { DownstreamTarget } from './downstream-target.js';
import type { ExchangedTokenEntry, ExchangedTokenStore } from './exchanged-token-store.js';
import { mockClock, startExchangeFixture, type ExchangeFixture } from './exchange.test-helpers.js';
import { MemoryExchangedTokenStore } from './memory-exchanged-token-store.js';
import type { ObtainedToken } from './obtained-token.js';

let fx: ExchangeFixture;
beforeEach(async () => {
  fx = await startExchangeFixture();
});
afterEach(async () => {
  await fx.close();
});

const discount = { audience: 'discount', scope: ['discount.fullaccess'] };

/** The claims of an issued token (the stub mints JWTs naming the subject, audience and scope). */
function claimsOf(token: ObtainedToken): Record<string, unknown> {
  return decodePayload(token.accessToken);
}

/** A store that records what it is given, around a memory store. */
class RecordingStore implements ExchangedTokenStore {
  readonly inner = new MemoryExchangedTokenStore();
  readonly keys: string[] = [];
  readonly sets: Array<{ key: string; entry: ExchangedTokenEntry; ttlMs: number }> = [];
  get(key: string) {
    this.keys.push(key);
    return this.inner.get(key);
  }
  set(key: string, entry: ExchangedTokenEntry, ttlMs: number) {
    this.sets.push({ key, entry, ttlMs });
    this.inner.set(key, entry, ttlMs);
  }
  delete(key: string) {
    this.inner.delete(key);
  }
}

/** Lets every pending request and microtask settle. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('O2: one entry per subject, client, audience, scope and actor', () => {
  it('O2: one user\'s token is never served to another user', async () => {
    const source = fx.source();
    const alice = await source.tokenFor(discount, await fx.subject('alice'));
    const bob = await source.tokenFor(discount, await fx.subject('bob'));

    expect(claimsOf(alice).sub).toBe('alice');
    expect(claimsOf(bob).sub).toBe('bob');
    expect(fx.stub.requests).toHaveLength(2);
  });

  it('O2: the same subject token and target is served from the cache (one exchange)', async () => {
    const source = fx.source();
    const subject = await fx.subject('alice');
    const first = await source.tokenFor(discount, subject);
    const second = await source.tokenFor(discount, subject);

    expect(second).toBe(first);
    expect(fx.stub.requests).toHaveLength(1);
  });

  it('O2: two tokens of the same user are two entries (the key is the subject token, not the name)', async () => {
    const source = fx.source();
    await source.tokenFor(discount, await fx.subject('alice'));
    await source.tokenFor(discount, await fx.subject('alice'));

    expect(fx.stub.requests).toHaveLength(2);
  });

  it.each<readonly [string, DownstreamTarget]>([
    ['another audience', { audience: 'eventcatalog', scope: ['discount.fullaccess'] }],
    ['another scope', { audience: 'discount', scope: ['discount.read'] }],
    ['an extra scope', { audience: 'discount', scope: ['discount.fullaccess', 'discount.admin'] }],
    ['no scope', { audience: 'discount' }],
    ['a resource as well', { ...discount, resource: 'https://discount.example.com' }],
    ['a resource instead of the audience', { resource: 'https://discount.example.com', scope: ['discount.fullaccess'] }],
  ])('O2: %s is another entry and another exchange', async (_name, other) => {
    const source = fx.source();
    const subject = await fx.subject('alice');
    const first = await source.tokenFor(discount, subject);
    const second = await source.tokenFor(other, subject);

    expect(fx.stub.requests).toHaveLength(2);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(fx.stub.requests[1]!.form.get('audience')).toBe(other.audience ?? null);
  });

  it('O2: with and without an actor, or with two actors, are three entries', async () => {
    const source = fx.source();
    const subject = await fx.subject('alice');
    await source.tokenFor(discount, subject);
    await source.tokenFor(discount, subject, await fx.issuer.mint({ sub: 'gateway-1' }));
    await source.tokenFor(discount, subject, await fx.issuer.mint({ sub: 'gateway-2' }));

    expect(fx.stub.requests).toHaveLength(3);
  });

  it('O2: a client-credentials token is never served for a user, nor the reverse', async () => {
    const source = fx.source();
    const own = await source.tokenFor(discount);
    const alice = await source.tokenFor(discount, await fx.subject('alice'));

    expect(claimsOf(own).sub).toBe('client:basic');
    expect(claimsOf(alice).sub).toBe('alice');
    expect(fx.stub.requests).toHaveLength(2);
  });

  it('O2: two sources with different clients do not share entries in one shared store', async () => {
    const store = new MemoryExchangedTokenStore();
    const subject = await fx.subject('alice');
    await fx.source({ cache: { store } }).tokenFor(discount, subject);
    await fx.source({ cache: { store }, client: { id: 'other-client', secret: 'x' } }).tokenFor(discount, subject);

    expect(fx.stub.requests).toHaveLength(2);
    expect(store.size).toBe(2);
  });

  it('scopes in another order, repeated or space-joined share one entry', async () => {
    const source = fx.source();
    const subject = await fx.subject('alice');
    await source.tokenFor({ audience: 'discount', scope: ['b', 'a'] }, subject);
    await source.tokenFor({ audience: 'discount', scope: ['a', 'b', 'a'] }, subject);
    await source.tokenFor({ audience: 'discount', scope: ['a b'] }, subject);

    expect(fx.stub.requests).toHaveLength(1);
  });

  it('O2: the store never sees a raw token as a key: 43-character digests that hold no part of it', async () => {
    const store = new RecordingStore();
    const source = fx.source({ cache: { store } });
    const subject = await fx.subject('alice');
    const actor = await fx.issuer.mint({ sub: 'gateway' });
    await source.tokenFor(discount, subject, actor);
    await source.tokenFor(discount, subject);
    await source.tokenFor(discount);

    const [, payloadSegment, signature] = subject.split('.');
    expect(new Set(store.keys).size).toBe(3);
    for (const key of store.keys) {
      expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(subject).not.toContain(key);
      expect(key).not.toContain(payloadSegment!.slice(0, 12));
      expect(key).not.toContain(signature!.slice(0, 12));
      expect(actor).not.toContain(key);
    }
  });
});

describe('O2: an entry ends before its token and before the subject token', () => {
  it('O2: is served until expiresAt less the skew, and exchanged again from then on', async () => {
    const clock = mockClock();
    const store = new RecordingStore();
    const source = fx.source({ cache: { store, skewSeconds: 30, refreshAheadSeconds: 0 } });
    const subject = await fx.subject('alice', 3600);
    const first = await source.tokenFor(discount, subject);

    expect(store.sets[0]!.entry.cachedUntil).toBe(first.expiresAt * 1000 - 30_000);
    expect(store.sets[0]!.ttlMs).toBe(first.expiresAt * 1000 - 30_000 - clock.now);
    clock.now = first.expiresAt * 1000 - 30_001;
    expect(await source.tokenFor(discount, subject)).toBe(first);
    clock.now = first.expiresAt * 1000 - 30_000;
    const second = await source.tokenFor(discount, subject);

    expect(second).not.toBe(first);
    expect(fx.stub.requests).toHaveLength(2);
  });

  it('O2: an entry from a subject token that expires first ends at the subject\'s exp less the skew', async () => {
    const clock = mockClock();
    const source = fx.source({ cache: { skewSeconds: 10, refreshAheadSeconds: 0 } });
    const subject = await fx.subject('alice', 60);
    const start = clock.now;
    const first = await source.tokenFor(discount, subject);

    expect(first.expiresAt).toBe(Math.floor(start / 1000) + 60);
    clock.advance(49_000);
    expect(await source.tokenFor(discount, subject)).toBe(first);
    clock.advance(1_000);
    await source.tokenFor(discount, subject);
    expect(fx.stub.requests).toHaveLength(2);
  });

  it('a token living less than the skew is returned but not cached', async () => {
    mockClock();
    fx.stub.respondWith((request) => fx.stub.issue(request, { expires_in: 20 }));
    const store = new RecordingStore();
    const source = fx.source({ cache: { store, skewSeconds: 30 } });
    const subject = await fx.subject('alice');

    await expect(source.tokenFor(discount, subject)).resolves.toMatchObject({ tokenType: 'Bearer' });
    await source.tokenFor(discount, subject);

    expect(store.sets).toHaveLength(0);
    expect(fx.stub.requests).toHaveLength(2);
  });

  it('with cache: false, every call exchanges', async () => {
    const source = fx.source({ cache: false });
    const subject = await fx.subject('alice');
    await source.tokenFor(discount, subject);
    await source.tokenFor(discount, subject);

    expect(fx.stub.requests).toHaveLength(2);
  });
});

describe('the cache is bounded', () => {
  it('by entries: the least recently used go first', async () => {
    const source = fx.source({ cache: { maxEntries: 5 } });
    const subjects = await Promise.all(Array.from({ length: 8 }, (_, i) => fx.subject(`user-${i}`)));
    for (const subject of subjects) await source.tokenFor(discount, subject);

    await source.tokenFor(discount, subjects[7]!);
    expect(fx.stub.requests).toHaveLength(8);
    await source.tokenFor(discount, subjects[0]!);
    expect(fx.stub.requests).toHaveLength(9);
  });

  it('by bytes: the store never holds more than maxBytes', async () => {
    const store = new MemoryExchangedTokenStore({ maxBytes: 8_000 });
    const source = fx.source({ cache: { store } });
    for (let i = 0; i < 20; i += 1) await source.tokenFor(discount, await fx.subject(`user-${i}`));

    expect(store.bytes).toBeLessThanOrEqual(8_000);
    expect(store.size).toBeGreaterThan(0);
    expect(store.size).toBeLessThan(20);
  });
});

describe('O3: single flight', () => {
  it('O3: 1,000 concurrent calls for 10 users cause exactly 10 exchanges, each user getting their own token', async () => {
    const source = fx.source();
    const subjects = await Promise.all(Array.from({ length: 10 }, (_, i) => fx.subject(`user-${i}`)));

    const tokens = await Promise.all(Array.from({ length: 1000 }, (_, i) => source.tokenFor(discount, subjects[i % 10]!)));

    expect(fx.stub.requests).toHaveLength(10);
    tokens.forEach((token, i) => {
      expect(claimsOf(token).sub).toBe(`user-${i % 10}`);
      expect(token).toBe(tokens[i % 10]);
    });
  });

  it('O3: concurrent calls of one user for two targets are two exchanges, each caller getting its own target', async () => {
    const source = fx.source();
    const subject = await fx.subject('alice');
    const targets = [discount, { audience: 'eventcatalog', scope: ['eventcatalog.read'] }];

    const tokens = await Promise.all(Array.from({ length: 100 }, (_, i) => source.tokenFor(targets[i % 2]!, subject)));

    expect(fx.stub.requests).toHaveLength(2);
    tokens.forEach((token, i) => expect(claimsOf(token)).toMatchObject({ sub: 'alice', aud: targets[i % 2]!.audience, scope: targets[i % 2]!.scope.join(' ') }));
  });

  it('O3: single flight holds without a cache too', async () => {
    const source = fx.source({ cache: false });
    const subject = await fx.subject('alice');

    await Promise.all(Array.from({ length: 50 }, () => source.tokenFor(discount, subject)));

    expect(fx.stub.requests).toHaveLength(1);
  });

  it('O3: a refusal reaches every waiter, and is not cached', async () => {
    fx.stub.respondWith(() => ({ status: 400, json: { error: 'invalid_grant' }, delayMs: 50 }));
    const source = fx.source();
    const subject = await fx.subject('alice');

    const results = await Promise.allSettled(Array.from({ length: 50 }, () => source.tokenFor(discount, subject)));

    expect(fx.stub.requests).toHaveLength(1);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(InvalidTokenError);
    }
    fx.stub.respondNormally();
    await expect(source.tokenFor(discount, subject)).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(fx.stub.requests).toHaveLength(2);
  });

  it('O3: an outage reaches every waiter as 503, and is not cached', async () => {
    fx.stub.respondWith(() => ({ status: 500, json: { error: 'server_error' }, delayMs: 50 }));
    const source = fx.source({ retries: 0, circuitBreaker: false });
    const subject = await fx.subject('alice');

    const results = await Promise.allSettled(Array.from({ length: 50 }, () => source.tokenFor(discount, subject)));

    expect(fx.stub.requests).toHaveLength(1);
    for (const result of results) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(TemporarilyUnavailableError);
    fx.stub.respondNormally();
    await source.tokenFor(discount, subject);
    expect(fx.stub.requests).toHaveLength(2);
  });
});

describe('refresh ahead of expiry, with jitter', () => {
  /** A source whose entries end at expiresAt − 30 s, refreshed from 60 s (to 30 s, jittered) before that. */
  async function warm(random: number) {
    const clock = mockClock();
    jest.spyOn(Math, 'random').mockReturnValue(random);
    const store = new RecordingStore();
    const source = fx.source({ cache: { store, skewSeconds: 30, refreshAheadSeconds: 60 } });
    const subject = await fx.subject('alice', 3600);
    const first = await source.tokenFor(discount, subject);
    const cachedUntil = first.expiresAt * 1000 - 30_000;
    return { clock, store, source, subject, first, cachedUntil };
  }

  it('draws the refresh moment between refreshAheadSeconds and half of it before the end', async () => {
    const early = await warm(0);
    expect(early.store.sets[0]!.entry.refreshAt).toBe(early.cachedUntil - 60_000);
    await fx.close();
    fx = await startExchangeFixture();
    const late = await warm(0.999);
    expect(late.store.sets[0]!.entry.refreshAt).toBeCloseTo(late.cachedUntil - 30_030, -1);
  });

  it('a hit before the refresh moment does not exchange', async () => {
    const { clock, source, subject, first, cachedUntil } = await warm(0);
    clock.now = cachedUntil - 60_001;

    expect(await source.tokenFor(discount, subject)).toBe(first);
    await settle();
    expect(fx.stub.requests).toHaveLength(1);
  });

  it('hits within the window start exactly one background exchange and keep getting the valid token; then the new one is served', async () => {
    const { clock, source, subject, first, cachedUntil } = await warm(0);
    clock.now = cachedUntil - 59_000;

    const during = await Promise.all(Array.from({ length: 20 }, () => source.tokenFor(discount, subject)));
    for (const token of during) expect(token).toBe(first);
    await settle();
    expect(fx.stub.requests).toHaveLength(2);
    const after = await source.tokenFor(discount, subject);

    expect(after).not.toBe(first);
    expect(claimsOf(after).sub).toBe('alice');
    expect(fx.stub.requests).toHaveLength(2);
  });

  it('with jitter late in the window, a hit 45 s before the end does not refresh yet', async () => {
    const { clock, source, subject, cachedUntil } = await warm(0.999);
    clock.now = cachedUntil - 45_000;
    await source.tokenFor(discount, subject);
    await settle();

    expect(fx.stub.requests).toHaveLength(1);
  });

  it('a failed refresh keeps the entry and waits before trying again (no request per hit)', async () => {
    const { clock, source, subject, first, cachedUntil } = await warm(0);
    fx.stub.respondWith(() => ({ status: 500, json: { error: 'server_error' } }));
    clock.now = cachedUntil - 59_000;
    expect(await source.tokenFor(discount, subject)).toBe(first);
    await settle();
    for (let i = 0; i < 10; i += 1) expect(await source.tokenFor(discount, subject)).toBe(first);
    await settle();

    expect(fx.stub.requests).toHaveLength(2);
    clock.now = cachedUntil - 39_000;
    await source.tokenFor(discount, subject);
    await settle();
    expect(fx.stub.requests).toHaveLength(3);
  });

  it('O4: a refresh the authority refuses drops the entry; the next call gets the refusal', async () => {
    const { clock, source, subject, first, cachedUntil } = await warm(0);
    fx.stub.respondWith(() => ({ status: 400, json: { error: 'invalid_grant' } }));
    clock.now = cachedUntil - 59_000;
    expect(await source.tokenFor(discount, subject)).toBe(first);
    await settle();

    await expect(source.tokenFor(discount, subject)).rejects.toMatchObject({ code: 'ERR_TOKEN_EXCHANGE_REFUSED', status: 401 });
    expect(fx.stub.requests).toHaveLength(3);
  });

  it('refreshAheadSeconds: 0 never refreshes ahead', async () => {
    const clock = mockClock();
    const source = fx.source({ cache: { refreshAheadSeconds: 0, skewSeconds: 30 } });
    const subject = await fx.subject('alice', 3600);
    const first = await source.tokenFor(discount, subject);
    clock.now = first.expiresAt * 1000 - 31_000;
    await source.tokenFor(discount, subject);
    await settle();

    expect(fx.stub.requests).toHaveLength(1);
  });
});

describe('evict, store failures and close', () => {
  it('evict drops the entry: the next call exchanges again', async () => {
    const source = fx.source();
    const subject = await fx.subject('alice');
    const first = await source.tokenFor(discount, subject);
    source.evict({ audience: 'discount', scope: ['discount.fullaccess'] }, subject);
    const second = await source.tokenFor(discount, subject);

    expect(second).not.toBe(first);
    expect(fx.stub.requests).toHaveLength(2);
  });

  it('evict of one user leaves the others cached', async () => {
    const source = fx.source();
    const alice = await fx.subject('alice');
    const bob = await fx.subject('bob');
    await source.tokenFor(discount, alice);
    await source.tokenFor(discount, bob);
    source.evict(discount, alice);
    await source.tokenFor(discount, bob);

    expect(fx.stub.requests).toHaveLength(2);
  });

  it('a store that throws or rejects never fails the caller', async () => {
    const broken: ExchangedTokenStore = {
      get: () => {
        throw new Error('store down');
      },
      set: () => Promise.reject(new Error('store down')),
      delete: () => Promise.reject(new Error('store down')),
    };
    const source = fx.source({ cache: { store: broken } });
    const subject = await fx.subject('alice');

    await expect(source.tokenFor(discount, subject)).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(() => source.evict(discount, subject)).not.toThrow();
    await settle();
  });

  it('an asynchronous store works the same (hits, O3 single flight per process)', async () => {
    const inner = new MemoryExchangedTokenStore();
    const store: ExchangedTokenStore = {
      get: async (key) => inner.get(key),
      set: async (key, entry, ttl) => inner.set(key, entry, ttl),
      delete: async (key) => inner.delete(key),
    };
    const source = fx.source({ cache: { store } });
    const subject = await fx.subject('alice');

    await Promise.all(Array.from({ length: 20 }, () => source.tokenFor(discount, subject)));
    await source.tokenFor(discount, subject);

    expect(fx.stub.requests).toHaveLength(1);
  });

  it('close waits for exchanges in progress, closes the store, and refuses new calls', async () => {
    fx.stub.respondWith(async (request) => ({ ...(await fx.stub.issue(request)), delayMs: 50 }));
    const closeStore = jest.fn();
    const inner = new MemoryExchangedTokenStore();
    const store: ExchangedTokenStore = { get: (k) => inner.get(k), set: (k, e, t) => inner.set(k, e, t), delete: (k) => inner.delete(k), close: closeStore };
    const source = fx.source({ cache: { store } });
    const pending = source.tokenFor(discount, await fx.subject('alice'));

    await source.close();

    await expect(pending).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(closeStore).toHaveBeenCalledTimes(1);
    await expect(source.tokenFor(discount, await fx.subject('alice'))).rejects.toThrow(TypeError);
  });
});

describe('cachedToken: the cached token without waiting', () => {
  it('undefined before any exchange, and asks the authority nothing', async () => {
    const source = fx.source();
    expect(source.cachedToken(discount, await fx.subject('alice'))).toBeUndefined();
    await settle();
    expect(fx.stub.requests).toHaveLength(0);
  });

  it('after tokenFor, the very token tokenFor gave; for another user, target or actor, undefined', async () => {
    const source = fx.source();
    const alice = await fx.subject('alice');
    const token = await source.tokenFor(discount, alice);

    expect(source.cachedToken(discount, alice)).toBe(token);
    expect(source.cachedToken({ ...discount, scope: [...discount.scope] }, alice)).toBe(token);
    expect(source.cachedToken(discount, await fx.subject('bob'))).toBeUndefined();
    expect(source.cachedToken({ audience: 'eventcatalog', scope: ['eventcatalog.read'] }, alice)).toBeUndefined();
    expect(source.cachedToken(discount, alice, await fx.subject('gateway'))).toBeUndefined();
    expect(source.cachedToken(discount)).toBeUndefined();
    expect(fx.stub.requests).toHaveLength(1);
  });

  it('O2: undefined once the entry ends (expiresAt less the skew), like tokenFor', async () => {
    const clock = mockClock();
    const source = fx.source({ cache: { skewSeconds: 30, refreshAheadSeconds: 0 } });
    const subject = await fx.subject('alice', 3600);
    const first = await source.tokenFor(discount, subject);

    clock.now = first.expiresAt * 1000 - 30_001;
    expect(source.cachedToken(discount, subject)).toBe(first);
    clock.now = first.expiresAt * 1000 - 30_000;
    expect(source.cachedToken(discount, subject)).toBeUndefined();
  });

  it('a hit within the refresh window starts one background exchange, as tokenFor does, and keeps the valid token', async () => {
    const clock = mockClock();
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const source = fx.source({ cache: { skewSeconds: 30, refreshAheadSeconds: 60 } });
    const subject = await fx.subject('alice', 3600);
    const first = await source.tokenFor(discount, subject);
    clock.now = first.expiresAt * 1000 - 30_000 - 59_000;

    for (let i = 0; i < 5; i += 1) expect(source.cachedToken(discount, subject)).toBe(first);
    await settle();
    expect(fx.stub.requests).toHaveLength(2);
    expect(source.cachedToken(discount, subject)).not.toBe(first);
  });

  it('undefined with cache: false, and with a store of your own (which may answer later), whose get it does not call', async () => {
    const subject = await fx.subject('alice');
    const uncached = fx.source({ cache: false });
    await uncached.tokenFor(discount, subject);
    expect(uncached.cachedToken(discount, subject)).toBeUndefined();

    const store = new RecordingStore();
    const own = fx.source({ cache: { store } });
    await own.tokenFor(discount, subject);
    const reads = store.keys.length;
    expect(own.cachedToken(discount, subject)).toBeUndefined();
    expect(store.keys).toHaveLength(reads);
  });

  it('after evict, undefined; a closed source throws a TypeError', async () => {
    const source = fx.source();
    const subject = await fx.subject('alice');
    await source.tokenFor(discount, subject);
    source.evict(discount, subject);
    expect(source.cachedToken(discount, subject)).toBeUndefined();
    await source.close();
    expect(() => source.cachedToken(discount, subject)).toThrow(new TypeError('This DelegatedTokenSource is closed.'));
  });
});
