import { decodePayload } from '@baton/testing';
import { ask, downstreamAnswer, FORWARDING_STOPPED } from './support/ask.js';
import { startDownstreams, type Downstreams } from './support/downstreams.js';
import { bearerOf, expectNoInboundToken } from './support/inbound-token-check.js';
import { startRealAuthority, type RealAuthority } from './support/real-authority.js';
import { startShop, type Adapter, type Shop, type Via } from './support/shop-app.js';

/**
 * SECURITY.md O1 against the real authority: the inbound token (a real shoppingbasket token of
 * alice, from the authority's login form) never leaves the service; only a token the authority
 * issued for discount goes to discount, nothing goes anywhere else, and redirects out of the
 * downstream lose the token. After every test, everything any server received is searched for
 * the inbound tokens' bytes.
 */
const ADAPTERS: readonly Adapter[] = ['express', 'fastify'];
const VIAS: readonly Via[] = ['fetch', 'axios'];

let real: RealAuthority;
let downstreams: Downstreams;
let alice: string;
let bob: string;

beforeAll(async () => {
  real = await startRealAuthority();
  downstreams = await startDownstreams(real.issuer);
  [alice, bob] = await Promise.all([real.signIn('alice'), real.signIn('bob')]);
});

afterAll(async () => {
  await downstreams?.close();
  await real?.close();
});

describe.each(ADAPTERS)('O1 on %s: the inbound token never goes out', (adapter) => {
  let shop: Shop;

  beforeAll(async () => {
    shop = await startShop(real, downstreams, { adapter });
  });

  afterAll(async () => {
    await shop?.close();
  });

  beforeEach(() => downstreams.reset());

  afterEach(() => expectNoInboundToken(downstreams, [alice, bob]));

  it.each(VIAS)('O1: discount receives a token the authority issued for discount, not the inbound one (%s)', async (via) => {
    const answer = await ask(`${shop.url}/basket/coupon?via=${via}`, alice);
    expect(answer.status).toBe(200);
    expect(downstreamAnswer(answer)).toMatchObject({ status: 200, body: { sub: 'alice', claims: { aud: 'discount', iss: real.issuer } } });

    const [hit, ...more] = downstreams.discount.requests;
    expect(more).toEqual([]);
    expect(hit?.path).toBe('/api/coupons');
    const sent = bearerOf(hit?.authorization);
    expect(sent).toBeDefined();
    expect(sent === alice).toBe(false);
    expect(decodePayload(sent as string)).toMatchObject({ aud: 'discount', sub: 'alice', act: { sub: 'shoppingbasket' } });
    expect(decodePayload(alice)).toMatchObject({ aud: 'shoppingbasket', sub: 'alice' });
  });

  it.each(VIAS)('O1: an origin that is no configured downstream gets no token at all, and nothing is exchanged for it (%s)', async (via) => {
    const exchangesBefore = real.auditEvents().length;
    const answer = await ask(`${shop.url}/basket/elsewhere?via=${via}`, alice);
    expect(downstreamAnswer(answer)).toEqual({ status: 200, body: { authorization: false, cookie: false } });
    expect(downstreams.other.requests.map((request) => [request.path, request.authorization])).toEqual([['/landing', undefined]]);
    expect(downstreams.discount.requests).toEqual([]);
    expect(real.auditEvents()).toHaveLength(exchangesBefore);
  });

  it.each(VIAS)('O1: a redirect from discount to another origin drops the token; only the first hop had it (%s)', async (via) => {
    const answer = await ask(`${shop.url}/basket/coupon?via=${via}&path=/redirect-out`, bob);
    expect(downstreamAnswer(answer)).toEqual({ status: 200, body: { authorization: false, cookie: false } });
    const [first] = downstreams.discount.requests;
    expect(first?.path).toBe('/api/redirect-out');
    expect(decodePayload(bearerOf(first?.authorization) as string)).toMatchObject({ aud: 'discount', sub: 'bob' });
    expect(downstreams.other.requests.map((request) => [request.path, request.authorization])).toEqual([['/landing', undefined]]);
  });

  it.each(VIAS)('O1: a redirect on the same origin but above the base path drops the token too (%s)', async (via) => {
    const answer = await ask(`${shop.url}/basket/coupon?via=${via}&path=/redirect-above`, alice);
    expect(downstreamAnswer(answer)).toEqual({ status: 200, body: { authorization: false, cookie: false } });
    expect(downstreams.discount.requests.map((request) => [request.path, request.authorization !== undefined])).toEqual([
      ['/api/redirect-above', true],
      ['/admin', false],
    ]);
  });

  it.each(VIAS)('O1: a redirect within the base path keeps the exchanged token, which discount accepts (%s)', async (via) => {
    const answer = await ask(`${shop.url}/basket/coupon?via=${via}&path=/redirect-in`, bob);
    expect(downstreamAnswer(answer)).toMatchObject({ status: 200, body: { sub: 'bob', claims: { aud: 'discount' } } });
    const [first, second] = downstreams.discount.requests;
    expect([first?.path, second?.path]).toEqual(['/api/redirect-in', '/api/coupons']);
    expect(first?.authorization).toBe(second?.authorization);
  });

  it.each<[Via, 'header' | 'authorization' | 'query', 'discount' | 'other']>([
    ['fetch', 'header', 'discount'],
    ['fetch', 'authorization', 'discount'],
    ['fetch', 'query', 'discount'],
    ['fetch', 'header', 'other'],
    ['fetch', 'authorization', 'other'],
    ['fetch', 'query', 'other'],
    ['axios', 'header', 'discount'],
    ['axios', 'authorization', 'discount'],
    ['axios', 'query', 'discount'],
    ['axios', 'header', 'other'],
    ['axios', 'authorization', 'other'],
    ['axios', 'query', 'other'],
  ])('O1: code forwarding the inbound token by hand (%s, in the %s, to %s) is stopped before anything leaves → 500', async (via, where, to) => {
    const answer = await ask(`${shop.url}/basket/forward?via=${via}&in=${where}&to=${to}`, alice);
    expect(answer).toEqual(FORWARDING_STOPPED);
    expect(downstreams.discount.requests).toEqual([]);
    expect(downstreams.other.requests).toEqual([]);
  });
});
