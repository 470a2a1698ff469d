import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIN_API_RESOURCES } from '@baton-demo/authority';
import { registerKnownSecret, TestIssuer } from '@baton/testing';
import { ask, EXCHANGE_REFUSED, SERVICE_REFUSED, type Answer } from './support/ask.js';
import { startDownstreams, type Downstreams } from './support/downstreams.js';
import { expectNoInboundToken } from './support/inbound-token-check.js';
import { startRealAuthority, type AuditEvent, type RealAuthority } from './support/real-authority.js';
import { shopOptions, SHOP_AUDIENCE, SHOP_SCOPE, startShop, type Shop, type Via } from './support/shop-app.js';

/**
 * SECURITY.md O4 against the real authority: tokens this service's guard accepts but the
 * authority refuses to exchange → the inbound request gets 401 `invalid_token` and the
 * downstream is never called. The refusal is read back from the authority's own audit event,
 * so each case is known to fail at the authority, for the reason named, not earlier.
 *
 * The service trusts more than the authority does, as real services do: a second issuer, and
 * a clock tolerance of 60 s (the authority allows 5 s).
 */
const VIAS: readonly Via[] = ['fetch', 'axios'];

let real: RealAuthority;
let downstreams: Downstreams;
let otherIssuer: TestIssuer;
let shop: Shop;
const inbound: string[] = [];

const lastAudit = (): AuditEvent | undefined => real.auditEvents().at(-1);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const signIn = async (username: string): Promise<string> => {
  const token = await real.signIn(username);
  inbound.push(token);
  return token;
};
const coupon = (via: Via, token: string, at: Shop = shop): Promise<Answer> => ask(`${at.url}/basket/coupon?via=${via}`, token);

beforeAll(async () => {
  real = await startRealAuthority();
  [downstreams, otherIssuer] = await Promise.all([startDownstreams(real.issuer), TestIssuer.start({ algorithms: ['ES256'], audience: SHOP_AUDIENCE })]);
  shop = await startShop(real, downstreams, {
    auth: { issuer: [real.issuer, { issuer: otherIssuer.issuer, jwksUri: otherIssuer.jwksUri }], clockTolerance: 60 },
  });
});

afterAll(async () => {
  await shop?.close();
  await otherIssuer?.close();
  await downstreams?.close();
  await real?.close();
});

beforeEach(() => downstreams.reset());

afterEach(() => {
  expectNoInboundToken(downstreams, inbound);
  // O4: whatever the authority refused, discount never heard of it.
  expect(downstreams.discount.requests).toEqual([]);
  expect(downstreams.other.requests).toEqual([]);
});

describe.each(VIAS)('O4: the authority refuses the subject token (%s) → 401 invalid_token, discount not called', (via) => {
  it('O4: may_act in the user token names another client than shoppingbasket', async () => {
    const token = real.resign(await signIn('alice'), { may_act: { sub: 'partner-gateway' } });
    inbound.push(token);
    expect(await coupon(via, token)).toEqual(EXCHANGE_REFUSED);
    expect(lastAudit()).toMatchObject({ outcome: 'refused', clientId: 'shoppingbasket', error: 'invalid_request', reason: 'ERR_MAY_ACT', scopesGranted: [] });
  });

  it('O4: the token already carries a delegation chain that shoppingbasket would make too deep', async () => {
    const chain = { sub: 'gateway', act: { sub: 'bff', act: { sub: 'mobile', act: { sub: 'kiosk' } } } };
    const token = real.resign(await signIn('bob'), { act: chain });
    inbound.push(token);
    expect(await coupon(via, token)).toEqual(EXCHANGE_REFUSED);
    expect(lastAudit()).toMatchObject({ outcome: 'refused', error: 'invalid_request', reason: 'ERR_DELEGATION_TOO_DEEP' });
  });

  it('O4: the token expired 20 s ago by the clocks (the service tolerates 60 s of skew, the authority 5 s)', async () => {
    const token = real.resign(await signIn('alice'), { exp: nowSeconds() - 20 });
    inbound.push(token);
    expect(await coupon(via, token)).toEqual(EXCHANGE_REFUSED);
    expect(lastAudit()).toMatchObject({ outcome: 'refused', error: 'invalid_request', reason: 'ERR_SUBJECT_TOKEN_INVALID', tokenError: 'ERR_TOKEN_EXPIRED' });
  });

  it('O4: the token comes from an issuer this service trusts and the authority does not', async () => {
    const token = await otherIssuer.mint({ sub: 'mallory', scope: SHOP_SCOPE });
    inbound.push(token);
    expect(await coupon(via, token)).toEqual(EXCHANGE_REFUSED);
    expect(lastAudit()).toMatchObject({ outcome: 'refused', error: 'invalid_request', reason: 'ERR_SUBJECT_TOKEN_INVALID', tokenError: 'ERR_TOKEN_ISSUER' });
  });

  it('O4: a token the guard refuses itself (issued for eventcatalog) never reaches the authority', async () => {
    const events = real.auditEvents().length;
    const token = real.resign(await signIn('bob'), { aud: 'eventcatalog' });
    inbound.push(token);
    const answer = await coupon(via, token);
    expect(answer.status).toBe(401);
    expect(answer.wwwAuthenticate).toBe('Bearer error="invalid_token", error_description="The access token is not meant for this service"');
    expect(real.auditEvents()).toHaveLength(events);
  });
});

describe('O4: a policy that no longer lets shoppingbasket exchange its own users\' tokens', () => {
  const folder = mkdtempSync(join(tmpdir(), 'baton-policy-'));
  let strict: RealAuthority;
  let strictShop: Shop;

  beforeAll(async () => {
    const { discount } = MAIN_API_RESOURCES;
    const path = join(folder, 'policy.json');
    writeFileSync(
      path,
      JSON.stringify({
        audiences: { [discount.audience]: { scopes: [...discount.scopes], defaultScopes: [...discount.scopes], resources: [discount.resource], tokenLifetime: 300 } },
        // shoppingbasket tokens are now another client's to exchange; shoppingbasket may only exchange eventcatalog's.
        clients: {
          shoppingbasket: { ownAudiences: ['eventcatalog'], targets: { [discount.audience]: { scopes: [...discount.scopes] } } },
          'partner-gateway': { ownAudiences: [SHOP_AUDIENCE], targets: { [discount.audience]: { scopes: [...discount.scopes] } } },
        },
        mapping: { scopes: { [SHOP_SCOPE]: 'discount.fullaccess' } },
      }),
    );
    strict = await startRealAuthority(2, { policyFile: path });
    strictShop = await startShop(strict, downstreams);
  });

  afterAll(async () => {
    await strictShop?.close();
    await strict?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it.each(VIAS)('O4: alice\'s shoppingbasket token is refused as not issued to shoppingbasket → 401 invalid_token (%s)', async (via) => {
    const token = await strict.signIn('alice');
    inbound.push(token);
    expect(await coupon(via, token, strictShop)).toEqual(EXCHANGE_REFUSED);
    expect(strict.auditEvents().at(-1)).toMatchObject({ outcome: 'refused', error: 'invalid_request', reason: 'ERR_SUBJECT_NOT_FOR_CLIENT', subject: { sub: 'alice' } });
  });
});

describe('the authority refusing this service, not the user → 502, no challenge, discount not called (the counterpart of O4)', () => {
  registerKnownSecret('not-the-shoppingbasket-secret');

  it.each<[string, (base: ReturnType<typeof shopOptions>) => Partial<ReturnType<typeof shopOptions>>, string, string]>([
    ['a scope the policy does not grant', (base) => ({ downstreams: { discount: { ...base.downstreams['discount']!, scope: 'discount.admin' } } }), 'invalid_scope', 'ERR_SCOPE_UNKNOWN'],
    ['an audience shoppingbasket may not obtain', (base) => ({ downstreams: { discount: { ...base.downstreams['discount']!, audience: 'eventcatalog', scope: 'eventcatalog.read' } } }), 'invalid_target', 'ERR_TARGET_NOT_ALLOWED'],
    ['a wrong client secret', (base) => ({ client: { id: base.client.id, secret: 'not-the-shoppingbasket-secret' } }), 'invalid_client', 'ERR_CLIENT_AUTHENTICATION'],
  ])('%s', async (_name, change, error, reason) => {
    const misconfigured = await startShop(real, downstreams, { onBehalfOf: change(shopOptions(real, downstreams)) });
    try {
      const token = await signIn('alice');
      for (const via of VIAS) {
        const answer = await coupon(via, token, misconfigured);
        expect(answer).toEqual(SERVICE_REFUSED);
        expect(JSON.stringify(answer)).not.toContain('not-the-shoppingbasket-secret');
      }
      expect(lastAudit()).toMatchObject({ outcome: 'refused', error, reason });
    } finally {
      await misconfigured.close();
    }
  });
});
