import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIN_API_RESOURCES } from '@baton-demo/authority';
import { decodeHeader, decodePayload } from '@baton/testing';
import { ask, downstreamAnswer, type Answer } from './support/ask.js';
import { DISCOUNT_AUDIENCE, startDownstreams, type Downstreams } from './support/downstreams.js';
import { bearerOf, expectNoInboundToken } from './support/inbound-token-check.js';
import { startRealAuthority, type AuditEvent, type RealAuthority } from './support/real-authority.js';
import { shopOptions, SHOP_AUDIENCE, SHOP_SCOPE, startShop, type Shop, type Via } from './support/shop-app.js';

/**
 * SECURITY.md O2 against the real authority: what the exchanged token says at discount, and
 * that tokens are cached per subject token and target, never served to another user, and never
 * kept past the subject token's `exp`. Exchanges are counted where they happen: in the
 * authority's audit events.
 */
const VIAS: readonly Via[] = ['fetch', 'axios'];

let real: RealAuthority;
let downstreams: Downstreams;
let shop: Shop;
const inbound: string[] = [];

const granted = (): AuditEvent[] => real.auditEvents().filter((event) => event.outcome === 'granted');
const nowSeconds = () => Math.floor(Date.now() / 1000);
const coupon = (via: Via, token: string, path = '/coupons', at: Shop = shop): Promise<Answer> => ask(`${at.url}/basket/coupon?via=${via}&path=${path}`, token);
const signIn = async (username: string): Promise<string> => {
  const token = await real.signIn(username);
  inbound.push(token);
  return token;
};

beforeAll(async () => {
  real = await startRealAuthority();
  downstreams = await startDownstreams(real.issuer);
  shop = await startShop(real, downstreams);
});

afterAll(async () => {
  await shop?.close();
  await downstreams?.close();
  await real?.close();
});

beforeEach(() => downstreams.reset());

afterEach(() => expectNoInboundToken(downstreams, inbound));

it.each(VIAS)('O2: the token discount receives names discount only, the user as sub, shoppingbasket as actor, no wider scope, and ends no later than the subject token (%s)', async (via) => {
  for (const username of ['alice', 'bob']) {
    const subject = await signIn(username);
    const subjectClaims = decodePayload(subject);
    const answer = await coupon(via, subject);
    expect(answer.status).toBe(200);
    const sent = bearerOf(downstreams.discount.requests.at(-1)?.authorization) as string;
    const claims = decodePayload(sent);

    expect(decodeHeader(sent)).toMatchObject({ typ: 'at+jwt', alg: 'RS256' });
    expect(claims['iss']).toBe(real.issuer);
    expect(claims['aud']).toBe(DISCOUNT_AUDIENCE);
    expect(claims['sub']).toBe(username);
    expect(claims['act']).toEqual({ sub: 'shoppingbasket', client_id: 'shoppingbasket' });
    expect(claims['scope']).toBe('discount.fullaccess');
    expect(claims['exp']).toBeLessThanOrEqual(subjectClaims['exp'] as number);
    expect(claims['exp']).toBeGreaterThan(nowSeconds());
    expect(claims['jti'] === subjectClaims['jti']).toBe(false);
    // What discount itself verified: the same claims.
    expect(downstreamAnswer(answer).body).toMatchObject({ sub: username, claims: { aud: DISCOUNT_AUDIENCE, act: { sub: 'shoppingbasket' }, scope: 'discount.fullaccess' } });
    expect(granted().at(-1)).toMatchObject({
      clientId: 'shoppingbasket',
      subject: { issuer: real.issuer, sub: username },
      actors: ['shoppingbasket'],
      audience: DISCOUNT_AUDIENCE,
      scopesGranted: ['discount.fullaccess'],
    });
  }
});

it('O2: alice and bob get different tokens; interleaved calls never get the other user\'s token', async () => {
  const [alice, bob] = await Promise.all([signIn('alice'), signIn('bob')]);
  const before = granted().length;
  const order: Array<[string, string, Via]> = [];
  for (let round = 0; round < 4; round += 1) {
    for (const via of VIAS) order.push(['alice', alice, via], ['bob', bob, via]);
  }
  // All at once: the two users' first exchanges run concurrently too.
  const answers = await Promise.all(order.map(([, token, via]) => coupon(via, token)));
  expect(answers.map((answer) => (downstreamAnswer(answer).body as { sub: string }).sub)).toEqual(order.map(([username]) => username));

  const tokensBySub = new Map<string, Set<string>>();
  for (const request of downstreams.discount.requests) {
    const token = bearerOf(request.authorization) as string;
    const sub = decodePayload(token)['sub'] as string;
    tokensBySub.set(sub, (tokensBySub.get(sub) ?? new Set()).add(token));
  }
  expect([...tokensBySub.keys()].sort()).toEqual(['alice', 'bob']);
  expect(tokensBySub.get('alice')?.size).toBe(1);
  expect(tokensBySub.get('bob')?.size).toBe(1);
  expect([...(tokensBySub.get('alice') as Set<string>)][0] === [...(tokensBySub.get('bob') as Set<string>)][0]).toBe(false);
  expect(granted().slice(before).map((event) => event.subject?.sub).sort()).toEqual(['alice', 'bob']);
});

it('O2: cached per subject token: the same token is exchanged once, a new sign-in of the same user is exchanged anew', async () => {
  const first = await signIn('alice');
  const before = granted().length;
  for (const via of [...VIAS, ...VIAS]) expect((await coupon(via, first)).status).toBe(200);
  expect(granted().length - before).toBe(1);

  const second = await signIn('alice');
  for (const via of VIAS) expect((await coupon(via, second)).status).toBe(200);
  expect(granted().length - before).toBe(2);
  const tokens = new Set(downstreams.discount.requests.map((request) => request.authorization));
  expect(tokens.size).toBe(2);
});

it('O2: cached per target: a second downstream on the same service asking for no scope gets its own exchange and token', async () => {
  const byScope = await startShop(real, downstreams, {
    onBehalfOf: {
      downstreams: {
        ...shopOptions(real, downstreams).downstreams,
        // The same service under another name and base path, with the authority's default scope.
        defaults: { baseUrl: `${downstreams.discount.url}/api/v2`, audience: DISCOUNT_AUDIENCE },
      },
    },
  });
  try {
    const alice = await signIn('alice');
    const before = granted().length;
    expect((await coupon('fetch', alice, '/coupons', byScope)).status).toBe(200);
    expect((await coupon('fetch', alice, '/coupons', byScope)).status).toBe(200);
    // axios picks the downstream by URL: /api/v2/… is `defaults`, which asks without a scope.
    expect(downstreamAnswer(await coupon('axios', alice, '/v2/coupons', byScope))).toMatchObject({ status: 200, body: { sub: 'alice', claims: { scope: 'discount.fullaccess' } } });
    const events = granted().slice(before);
    expect(events.map((event) => [event.subject?.sub, event.scopesGranted])).toEqual([
      ['alice', ['discount.fullaccess']],
      ['alice', ['discount.fullaccess']],
    ]);
    const [withScope, withoutScope] = real.auditEvents().slice(-2) as unknown as Array<{ requested: { scopes: string[] | undefined } }>;
    expect([withScope?.requested.scopes, withoutScope?.requested.scopes]).toEqual([['discount.fullaccess'], undefined]);
    const [viaDiscount] = new Set(downstreams.discount.hits('/api/coupons').map((request) => request.authorization));
    const viaDefaults = new Set(downstreams.discount.hits('/api/v2/coupons').map((request) => request.authorization));
    expect(viaDefaults.size).toBe(1);
    expect(viaDefaults.has(viaDiscount)).toBe(false);
  } finally {
    await byScope.close();
  }
});

it('O2: an entry never outlives the subject token: exp is capped at the subject\'s, and the cache lets go of it skewSeconds before', async () => {
  const skewSeconds = 30;
  const short = await startShop(real, downstreams, { onBehalfOf: { cache: { skewSeconds, refreshAheadSeconds: 0 } } });
  try {
    // A real token of alice whose exp is 34 s away (re-signed by the authority's own key): the
    // guard accepts it for 34 s, the authority exchanges it, the cache may keep it ~4 s.
    const signedIn = await signIn('alice');
    const exp = nowSeconds() + 34;
    const subject = real.resign(signedIn, { exp });
    inbound.push(subject);
    const before = granted().length;

    expect((await coupon('fetch', subject, '/coupons', short)).status).toBe(200);
    const sent = bearerOf(downstreams.discount.requests.at(-1)?.authorization) as string;
    expect(decodePayload(sent)['exp']).toBe(exp);
    expect((await coupon('axios', subject, '/coupons', short)).status).toBe(200);
    expect(granted().length - before).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, (exp - skewSeconds) * 1000 - Date.now() + 200));
    expect((await coupon('fetch', subject, '/coupons', short)).status).toBe(200);
    expect(granted().length - before).toBe(2);
    expect(decodePayload(bearerOf(downstreams.discount.requests.at(-1)?.authorization) as string)['exp']).toBe(exp);
  } finally {
    await short.close();
  }
});

it('O2: an entry never outlives its own exp either: a 30 s discount token is let go skewSeconds before its end, while the user\'s token lives on', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'baton-policy-'));
  const { discount } = MAIN_API_RESOURCES;
  const policyFile = join(folder, 'policy.json');
  // The demo policy, with discount tokens living 30 s (user tokens keep the authority's 300 s).
  writeFileSync(
    policyFile,
    JSON.stringify({
      audiences: { [discount.audience]: { scopes: [...discount.scopes], defaultScopes: [...discount.scopes], resources: [discount.resource], tokenLifetime: 30 } },
      clients: { shoppingbasket: { ownAudiences: [SHOP_AUDIENCE], targets: { [discount.audience]: { scopes: [...discount.scopes] } } } },
      mapping: { scopes: { [SHOP_SCOPE]: 'discount.fullaccess' } },
    }),
  );
  const shortLived = await startRealAuthority(1, { policyFile });
  const itsDiscount = await startDownstreams(shortLived.issuer);
  const skewSeconds = 27;
  const own = await startShop(shortLived, itsDiscount, { onBehalfOf: { cache: { skewSeconds, refreshAheadSeconds: 0 } } });
  try {
    const subject = await shortLived.signIn('alice');
    inbound.push(subject);
    const subjectExp = decodePayload(subject)['exp'] as number;
    const exchanges = () => shortLived.auditEvents().filter((event) => event.outcome === 'granted').length;

    expect((await coupon('fetch', subject, '/coupons', own)).status).toBe(200);
    const exp = decodePayload(bearerOf(itsDiscount.discount.requests.at(-1)?.authorization) as string)['exp'] as number;
    expect(exp).toBeLessThanOrEqual(nowSeconds() + 30);
    expect(exp).toBeLessThan(subjectExp - 200);
    expect((await coupon('axios', subject, '/coupons', own)).status).toBe(200);
    expect(exchanges()).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, (exp - skewSeconds) * 1000 - Date.now() + 200));
    expect((await coupon('axios', subject, '/coupons', own)).status).toBe(200);
    expect(exchanges()).toBe(2);
  } finally {
    expectNoInboundToken(itsDiscount, inbound);
    await own.close();
    await itsDiscount.close();
    await shortLived.close();
    rmSync(folder, { recursive: true, force: true });
  }
});

it.each(VIAS)('O2: a token discount refuses (401 invalid_token) is evicted: exactly one new exchange, then 502, never the inbound token (%s)', async (via) => {
  const alice = await signIn('alice');
  expect((await coupon(via, alice)).status).toBe(200);
  const before = granted().length;
  const answer = await coupon(via, alice, '/always-401');
  expect(answer).toEqual({
    status: 502,
    wwwAuthenticate: null,
    retryAfter: null,
    body: { error: 'server_error', error_description: 'A downstream service refused the delegated token' },
  });
  expect(granted().length - before).toBe(1);
  const refused = downstreams.discount.hits('/api/always-401').map((request) => request.authorization);
  expect(refused).toHaveLength(2);
  expect(refused[0] === refused[1]).toBe(false);
});
