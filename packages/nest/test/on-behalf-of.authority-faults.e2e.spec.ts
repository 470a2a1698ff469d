import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ADAPTERS, answerOf, refusal, type ErrorAnswer } from './create-test-app.js';
import { authorityDown, boot, moduleOptions, SCOPE, startWorld, stopWorld, type World } from './on-behalf-of.app.test-helpers.js';
import { StubAuthority, type TokenEndpointBehaviour } from './on-behalf-of.test-helpers.js';
import type { OnBehalfOfModuleOptions } from '../src/index.js';

const REFUSED_SERVICE = refusal(502, undefined, { error: 'server_error', error_description: 'The service could not obtain a token for a downstream service' });

/**
 * The authority failing in every way (O4, O5 and its own refusals of this service): each case
 * boots its own app, since an outage leaves state in the token source (Retry-After, circuit).
 */
describe.each(ADAPTERS)('on-behalf-of with a failing authority on %s', (adapter) => {
  let world: World;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    world = await startWorld();
  });

  afterAll(async () => {
    await stopWorld(world);
  });

  beforeEach(() => {
    world.discount.reset();
    world.other.reset();
    world.authority.tokenRequests.length = 0;
    world.authority.behaviour = { mode: 'serve' };
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const start = async (extra: Partial<OnBehalfOfModuleOptions> = {}) => {
    app = await boot(adapter, world, { options: moduleOptions(world, extra) });
    return app;
  };
  const checkout = async (via: 'fetch' | 'axios' = 'fetch', sub = 'alice') => {
    const token = await world.issuer.mint({ sub, scope: SCOPE });
    return request(app!.getHttpServer()).get(`/basket/coupon?via=${via}`).set('Authorization', `Bearer ${token}`);
  };
  const expectNoDownstreamCall = () => {
    expect(world.discount.hits).toEqual([]);
    expect(world.other.hits).toEqual([]);
  };

  it.each<[string, TokenEndpointBehaviour, Partial<OnBehalfOfModuleOptions>, ErrorAnswer]>([
    ['503 with Retry-After: 7', { mode: 'fail', status: 503, retryAfter: 7 }, {}, authorityDown('7')],
    ['429 with Retry-After: 120, bounded by maxRetryAfterSeconds: 30', { mode: 'fail', status: 429, retryAfter: 120 }, { maxRetryAfterSeconds: 30 }, authorityDown('30')],
    ['500 without Retry-After', { mode: 'fail', status: 500 }, {}, authorityDown('1')],
    ['502 without Retry-After', { mode: 'fail', status: 502 }, {}, authorityDown('1')],
  ])('O5: the authority answering %s → 503 with Retry-After; the downstream is not called', async (_name, behaviour, extra, expected) => {
    await start(extra);
    world.authority.behaviour = behaviour;
    for (const via of ['fetch', 'axios'] as const) expect(answerOf(await checkout(via))).toEqual(expected);
    expectNoDownstreamCall();
  });

  it('O5: while the authority asks to wait, no exchange is tried at all, and the wait shrinks', async () => {
    await start();
    world.authority.behaviour = { mode: 'fail', status: 503, retryAfter: 5 };
    expect(answerOf(await checkout('fetch', 'alice'))).toEqual(authorityDown('5'));
    world.authority.behaviour = { mode: 'serve' };
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await checkout('axios', 'bob');
    expect(second.status).toBe(503);
    expect(Number(second.headers['retry-after'])).toBeGreaterThanOrEqual(3);
    expect(Number(second.headers['retry-after'])).toBeLessThanOrEqual(4);
    expect(world.authority.tokenRequests).toHaveLength(1);
    expectNoDownstreamCall();
  });

  it('O5: a hanging authority is cut off at timeoutMs → 503', async () => {
    await start({ timeoutMs: 300 });
    world.authority.behaviour = { mode: 'hang' };
    const started = Date.now();
    const response = await checkout();
    expect(answerOf(response)).toEqual(authorityDown('1'));
    expect(Date.now() - started).toBeLessThan(2000);
    expectNoDownstreamCall();
  });

  it('O5: an authority that is not listening → 503', async () => {
    const gone = await StubAuthority.start(world.issuer, {});
    const url = gone.url;
    await gone.close();
    app = await boot(adapter, world, { options: { ...moduleOptions(world), authority: url } });
    expect(answerOf(await checkout())).toEqual(authorityDown('1'));
    expectNoDownstreamCall();
  });

  it('O5: retries spent and failures in a row open the circuit: later calls answer 503 at once, without asking the authority', async () => {
    await start({ retries: 1, circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 20_000 } });
    world.authority.behaviour = { mode: 'fail', status: 500 };
    expect((await checkout('fetch', 'alice')).status).toBe(503);
    const asked = world.authority.tokenRequests.length;
    expect(asked).toBe(2);
    const open = await checkout('axios', 'bob');
    expect(open.status).toBe(503);
    expect(Number(open.headers['retry-after'])).toBeGreaterThanOrEqual(19);
    expect(Number(open.headers['retry-after'])).toBeLessThanOrEqual(20);
    expect(world.authority.tokenRequests).toHaveLength(asked);
    expectNoDownstreamCall();
  });

  it.each<[string, TokenEndpointBehaviour]>([
    ['invalid_grant', { mode: 'refuse', status: 400, error: 'invalid_grant' }],
    ['invalid_request', { mode: 'refuse', status: 400, error: 'invalid_request' }],
  ])('O4: the authority refusing the subject token with %s → 401 invalid_token', async (_name, behaviour) => {
    await start();
    world.authority.behaviour = behaviour;
    const response = await checkout();
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token", error_description="The authorization server refused to exchange the access token"');
    expectNoDownstreamCall();
  });

  it.each<[string, TokenEndpointBehaviour]>([
    ['invalid_client', { mode: 'refuse', status: 401, error: 'invalid_client' }],
    ['unauthorized_client', { mode: 'refuse', status: 400, error: 'unauthorized_client' }],
    ['invalid_target', { mode: 'refuse', status: 400, error: 'invalid_target' }],
    ['invalid_scope', { mode: 'refuse', status: 400, error: 'invalid_scope' }],
  ])('the authority refusing this service (%s) → 502 with no challenge: the caller is not at fault', async (_name, behaviour) => {
    await start();
    world.authority.behaviour = behaviour;
    expect(answerOf(await checkout())).toEqual(REFUSED_SERVICE);
    expectNoDownstreamCall();
  });

  it('a wrong client secret → 502, and the secret is not in the answer', async () => {
    app = await boot(adapter, world, { options: { ...moduleOptions(world), client: { id: 'shoppingbasket', secret: 'not-the-secret-at-all' } } });
    const response = await checkout();
    expect(answerOf(response)).toEqual(REFUSED_SERVICE);
    expect(JSON.stringify(response.headers) + response.text).not.toContain('not-the-secret-at-all');
    expect(world.authority.tokenRequests.map((r) => r.clientSecret)).toEqual(['not-the-secret-at-all']);
    expectNoDownstreamCall();
  });
});
