import type { OnBehalfOfModuleOptions } from '@baton/nest';
import { FaultProxy, type Fault } from '../../../security/test/support/fault-proxy.js';
import { ask, authorityUnavailable, downstreamAnswer, type Answer } from './support/ask.js';
import { startDownstreams, type Downstreams } from './support/downstreams.js';
import { expectNoInboundToken } from './support/inbound-token-check.js';
import { startRealAuthority, type RealAuthority } from './support/real-authority.js';
import { startShop, type Shop, type Via } from './support/shop-app.js';

/**
 * SECURITY.md O5 against the real authority, with a fault proxy in front of its token endpoint:
 * the authority down, hanging past the timeout, answering 500, 429 or 503 with Retry-After →
 * 503 with Retry-After after a bounded wait, and never the inbound token forwarded instead.
 * The shop keeps the authority's own URL as issuer (its guard verifies tokens with the real
 * JWKS); only `tokenEndpoint` goes through the proxy, which also counts the token requests.
 */
const VIAS: readonly Via[] = ['fetch', 'axios'];
/** The longest any failing request may take here: the fault, the retries' backoff, a loaded machine. */
const BOUNDED_MS = 4_000;

let real: RealAuthority;
let downstreams: Downstreams;
let proxy: FaultProxy;
let alice: string;
let bob: string;
let shop: Shop | undefined;

const tokenRequests = () => proxy.count('/token');
/** A fresh shop (empty cache, closed circuit) whose exchanges go through the proxy. */
const startFaultyShop = async (options: Partial<OnBehalfOfModuleOptions> = {}): Promise<Shop> => {
  shop = await startShop(real, downstreams, { onBehalfOf: { tokenEndpoint: `${proxy.url}/token`, ...options } });
  return shop;
};
const timed = async (via: Via, token: string): Promise<{ answer: Answer; ms: number }> => {
  const started = Date.now();
  const answer = await ask(`${(shop as Shop).url}/basket/coupon?via=${via}`, token);
  return { answer, ms: Date.now() - started };
};

beforeAll(async () => {
  real = await startRealAuthority();
  [downstreams, proxy] = await Promise.all([startDownstreams(real.issuer), FaultProxy.start(real.issuer)]);
  [alice, bob] = await Promise.all([real.signIn('alice'), real.signIn('bob')]);
});

afterAll(async () => {
  await proxy?.close();
  await downstreams?.close();
  await real?.close();
});

beforeEach(() => {
  downstreams.reset();
  proxy.requests.clear();
  proxy.set({ mode: 'pass' });
});

afterEach(async () => {
  expectNoInboundToken(downstreams, [alice, bob]);
  await shop?.close();
  shop = undefined;
});

describe.each(VIAS)('O5 through %s: the authority failing → 503 with Retry-After, bounded, the downstream not called', (via) => {
  it.each<[string, Fault, Partial<OnBehalfOfModuleOptions>, number, number]>([
    ['down (connections reset), no retries', { mode: 'down' }, { retries: 0 }, 1, 1],
    ['down (connections reset), 2 retries', { mode: 'down' }, { retries: 2 }, 1, 3],
    ['answering 500 without Retry-After, 1 retry', { mode: 'status', status: 500 }, { retries: 1 }, 1, 2],
    ['answering 503 with Retry-After: 7 (never retried)', { mode: 'status', status: 503, retryAfter: 7 }, { retries: 2 }, 7, 1],
    ['answering 429 with Retry-After: 12 (never retried)', { mode: 'status', status: 429, retryAfter: 12 }, { retries: 2 }, 12, 1],
    ['answering 429 with Retry-After: 600, capped by maxRetryAfterSeconds: 30', { mode: 'status', status: 429, retryAfter: 600 }, { maxRetryAfterSeconds: 30 }, 30, 1],
  ])('O5: the authority %s', async (_name, fault, options, retryAfter, requests) => {
    await startFaultyShop(options);
    proxy.set(fault);
    const { answer, ms } = await timed(via, alice);
    expect(answer).toEqual(authorityUnavailable(retryAfter));
    expect(ms).toBeLessThan(BOUNDED_MS);
    expect(tokenRequests()).toBe(requests);
    expect(downstreams.discount.requests).toEqual([]);
  });

  it('O5: the authority hanging past timeoutMs (500 ms) is cut off → 503 after about the timeout, not the hang', async () => {
    await startFaultyShop({ timeoutMs: 500, retries: 0 });
    proxy.set({ mode: 'slow', delayMs: 20_000 });
    const { answer, ms } = await timed(via, bob);
    expect(answer).toEqual(authorityUnavailable(1));
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(2_500);
    expect(tokenRequests()).toBe(1);
    expect(downstreams.discount.requests).toEqual([]);
  });

  it('O5: a token endpoint nobody listens on → 503', async () => {
    const gone = await FaultProxy.start(real.issuer);
    const url = `${gone.url}/token`;
    await gone.close();
    shop = await startShop(real, downstreams, { onBehalfOf: { tokenEndpoint: url, retries: 1 } });
    const { answer, ms } = await timed(via, alice);
    expect(answer).toEqual(authorityUnavailable(1));
    expect(ms).toBeLessThan(BOUNDED_MS);
    expect(downstreams.discount.requests).toEqual([]);
  });
});

describe('O5: what follows an outage', () => {
  it('O5: while the authority asks to wait, no exchange is tried for anyone, and the wait shrinks', async () => {
    await startFaultyShop();
    proxy.set({ mode: 'status', status: 429, retryAfter: 5 });
    expect((await timed('fetch', alice)).answer).toEqual(authorityUnavailable(5));
    proxy.set({ mode: 'pass' });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const { answer } = await timed('axios', bob);
    expect(answer.status).toBe(503);
    expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(3);
    expect(Number(answer.retryAfter)).toBeLessThanOrEqual(4);
    expect(tokenRequests()).toBe(1);
    expect(downstreams.discount.requests).toEqual([]);
  });

  it('O5: failures in a row open the circuit: then 503 at once with the time until a trial call, without asking the authority', async () => {
    await startFaultyShop({ retries: 0, circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 20_000 } });
    proxy.set({ mode: 'status', status: 500 });
    expect((await timed('fetch', alice)).answer).toEqual(authorityUnavailable(1));
    expect((await timed('axios', bob)).answer.status).toBe(503);
    expect(tokenRequests()).toBe(2);
    const { answer, ms } = await timed('fetch', alice);
    expect(answer.status).toBe(503);
    expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(19);
    expect(Number(answer.retryAfter)).toBeLessThanOrEqual(20);
    expect(ms).toBeLessThan(1_000);
    expect(tokenRequests()).toBe(2);
    expect(downstreams.discount.requests).toEqual([]);
  });

  it.each(VIAS)('O5: once the authority is back, the next request is exchanged and discount gets the exchanged token (%s)', async (via) => {
    await startFaultyShop({ retries: 0 });
    proxy.set({ mode: 'down' });
    expect((await timed(via, alice)).answer).toEqual(authorityUnavailable(1));
    proxy.set({ mode: 'pass' });
    const { answer } = await timed(via, alice);
    expect(downstreamAnswer(answer)).toMatchObject({ status: 200, body: { sub: 'alice', claims: { aud: 'discount', act: { sub: 'shoppingbasket' } } } });
    expect(tokenRequests()).toBe(2);
    expect(downstreams.discount.requests).toHaveLength(1);
  });

  it.each(VIAS)('O5: with the authority down, a user whose token is cached is still served; a user whose is not gets 503 (%s)', async (via) => {
    await startFaultyShop({ retries: 0 });
    expect((await timed(via, alice)).answer.status).toBe(200);
    proxy.set({ mode: 'down' });
    expect(downstreamAnswer((await timed(via, alice)).answer)).toMatchObject({ status: 200, body: { sub: 'alice' } });
    expect((await timed(via, bob)).answer).toEqual(authorityUnavailable(1));
    expect(tokenRequests()).toBe(2);
    expect(downstreams.discount.requests).toHaveLength(2);
  });

  it('K3, O5: the whole authority down (JWKS too): a user with a cached token is still served on cached keys; another user gets 503, not 401', async () => {
    shop = await startShop(real, downstreams, {
      auth: { issuer: { issuer: real.issuer, jwksUri: `${proxy.url}/jwks` } },
      onBehalfOf: { tokenEndpoint: `${proxy.url}/token`, retries: 0 },
    });
    expect((await timed('fetch', alice)).answer.status).toBe(200);
    expect(proxy.count('/jwks')).toBe(1);
    proxy.set({ mode: 'down' });
    for (const via of VIAS) expect(downstreamAnswer((await timed(via, alice)).answer)).toMatchObject({ status: 200, body: { sub: 'alice' } });
    for (const via of VIAS) expect((await timed(via, bob)).answer).toEqual(authorityUnavailable(1));
    expect(tokenRequests()).toBe(3);
    expect(proxy.count('/jwks')).toBe(1);
    expect(downstreams.discount.requests).toHaveLength(3);
  });

  it('O5: an authority slower than usual but within timeoutMs is waited for → 200', async () => {
    await startFaultyShop({ timeoutMs: 3_000 });
    proxy.set({ mode: 'slow', delayMs: 300 });
    const { answer, ms } = await timed('fetch', bob);
    expect(downstreamAnswer(answer)).toMatchObject({ status: 200, body: { sub: 'bob' } });
    expect(ms).toBeGreaterThanOrEqual(300);
  });
});
