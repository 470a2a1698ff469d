import { FaultProxy } from '../../../security/test/support/fault-proxy.js';
import type { DownstreamOptions } from '@baton/nest';
import { ask, authorityUnavailable } from './support/ask.js';
import { fanOutBurst, inboundBurst } from './support/burst.js';
import { startDownstreams, type Downstreams } from './support/downstreams.js';
import { expectNoInboundToken } from './support/inbound-token-check.js';
import { startRealAuthority, type AuditEvent, type RealAuthority } from './support/real-authority.js';
import { shopOptions, startShop, type Shop, type Via } from './support/shop-app.js';

/**
 * SECURITY.md O3 against the real authority: 1,000 concurrent outbound calls for 10 users
 * cause exactly 10 exchanges. The shop's token requests go through a pass-through proxy, so
 * they are counted twice: at the wire (requests to `/token`) and by the authority itself
 * (its granted audit events).
 */
const USERS = 10;
const CALLS_PER_USER = 100;
const VIAS: readonly Via[] = ['fetch', 'axios'];

let real: RealAuthority;
let downstreams: Downstreams;
let proxy: FaultProxy;
let tokens: Map<string, string>;
let shop: Shop | undefined;

const grantedSince = (count: number): AuditEvent[] => real.auditEvents().slice(count).filter((event) => event.outcome === 'granted' && event.clientId === 'shoppingbasket');

/** A fresh shop (cold cache) whose exchanges go through the proxy; patient downstream calls for the burst. */
async function startBurstShop(): Promise<Shop> {
  const options = shopOptions(real, downstreams);
  const discount = options.downstreams['discount'] as DownstreamOptions;
  return startShop(real, downstreams, {
    onBehalfOf: {
      tokenEndpoint: `${proxy.url}/token`,
      timeoutMs: 30_000,
      downstreams: { discount: { ...discount, resilience: { timeoutMs: 30_000, retries: 0, circuitBreaker: false } } },
    },
  });
}

beforeAll(async () => {
  real = await startRealAuthority(USERS);
  [downstreams, proxy] = await Promise.all([startDownstreams(real.issuer), FaultProxy.start(real.issuer)]);
  const signedIn = await Promise.all(real.users.map(async (user) => [user.sub, await real.signIn(user.username)] as const));
  tokens = new Map(signedIn);
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
  expectNoInboundToken(downstreams, [...tokens.values()]);
  await shop?.close();
  shop = undefined;
});

it.each(VIAS)('O3: 1,000 concurrent outbound calls for 10 users (10 requests fanning out 100 calls each) → exactly 10 exchanges (%s)', async (via) => {
  shop = await startBurstShop();
  const before = real.auditEvents().length;
  const outcome = await fanOutBurst(shop.url, tokens, CALLS_PER_USER, via);

  expect(outcome).toMatchObject({ calls: USERS * CALLS_PER_USER, served: USERS * CALLS_PER_USER, wrongUser: 0, inboundStatuses: { 200: USERS } });
  expect(proxy.count('/token')).toBe(USERS);
  const exchanges = grantedSince(before);
  expect(exchanges).toHaveLength(USERS);
  expect(exchanges.map((event) => event.subject?.sub).sort()).toEqual([...tokens.keys()].sort());
  expect(new Set(downstreams.discount.requests.map((request) => request.authorization)).size).toBe(USERS);
  expect(downstreams.discount.requests).toHaveLength(USERS * CALLS_PER_USER);
});

it('O3: 1,000 concurrent inbound requests for 10 users, one outbound call each → exactly 10 exchanges', async () => {
  shop = await startBurstShop();
  const before = real.auditEvents().length;
  const outcome = await inboundBurst(shop.url, tokens, CALLS_PER_USER, 'fetch');

  expect(outcome).toMatchObject({ calls: USERS * CALLS_PER_USER, served: USERS * CALLS_PER_USER, wrongUser: 0, inboundStatuses: { 200: USERS * CALLS_PER_USER } });
  expect(proxy.count('/token')).toBe(USERS);
  expect(grantedSince(before).map((event) => event.subject?.sub).sort()).toEqual([...tokens.keys()].sort());
});

it.each(VIAS)('O3: a failed exchange reaches every waiter and is not cached: 100 concurrent calls while the authority answers 500 → 1 token request, 503; the next request exchanges anew (%s)', async (via) => {
  shop = await startBurstShop();
  const alice = tokens.get('alice') as string;
  proxy.set({ mode: 'status', status: 500 });
  const failed = await ask(`${shop.url}/basket/fan-out?via=${via}&calls=${CALLS_PER_USER}`, alice);
  expect(failed).toEqual(authorityUnavailable(1));
  expect(proxy.count('/token')).toBe(1);
  expect(downstreams.discount.requests).toEqual([]);

  proxy.set({ mode: 'pass' });
  const before = real.auditEvents().length;
  const recovered = await ask(`${shop.url}/basket/fan-out?via=${via}&calls=${CALLS_PER_USER}`, alice);
  expect(recovered.body).toEqual({ statuses: { 200: CALLS_PER_USER }, subs: { alice: CALLS_PER_USER } });
  expect(proxy.count('/token')).toBe(2);
  expect(grantedSince(before)).toHaveLength(1);
});
