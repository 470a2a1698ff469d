import { HttpService } from '@nestjs/axios';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { AccessTokenVerifier } from '@baton/core';
import axios from 'axios';
import { firstValueFrom } from 'rxjs';
import request from 'supertest';
import {
  DOWNSTREAM_TOKEN_SOURCE,
  DownstreamClient,
  DownstreamUnavailableError,
  MissingSubjectTokenError,
  OnBehalfOfContext,
  OnBehalfOfHttpInterceptor,
  OnBehalfOfModule,
  type DownstreamTokenSource,
  type OnBehalfOfModuleOptions,
} from '../src/index.js';
import { boot, CLIENT_ID, moduleOptions, SCOPE, startWorld, stopWorld, type World } from './on-behalf-of.app.test-helpers.js';
import { claimsOf } from './on-behalf-of.test-helpers.js';

/** What a configuration module would provide, e.g. read from the environment. */
class DiscountSettings {
  constructor(readonly baseUrl: string) {}
}

@Module({})
class SettingsModule {
  static register(settings: DiscountSettings): DynamicModule {
    return { module: SettingsModule, providers: [{ provide: DiscountSettings, useValue: settings }], exports: [DiscountSettings] };
  }
}

describe('OnBehalfOfModule', () => {
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
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const mint = (sub = 'alice') => world.issuer.mint({ sub, scope: SCOPE });
  const checkout = async (via: 'fetch' | 'axios') =>
    request(app!.getHttpServer()).get(`/basket/coupon?via=${via}&path=/whoami`).set('Authorization', `Bearer ${await mint()}`);

  it('registerAsync: options from injected configuration', async () => {
    const module = OnBehalfOfModule.registerAsync({
      imports: [SettingsModule.register(new DiscountSettings(`${world.discount.url}/api`))],
      inject: [DiscountSettings],
      useFactory: async (settings: DiscountSettings): Promise<OnBehalfOfModuleOptions> => {
        const options = moduleOptions(world);
        return { ...options, downstreams: { ...options.downstreams, discount: { baseUrl: settings.baseUrl, audience: 'discount', scope: 'discount.fullaccess' } } };
      },
    });
    app = await boot('express', world, { module });
    for (const via of ['fetch', 'axios'] as const) {
      const response = await checkout(via);
      expect(response.body).toEqual({ status: 200, body: JSON.stringify({ sub: 'alice' }) });
    }
    expect(world.authority.exchanges).toHaveLength(2);
  });

  it.each<[string, (options: OnBehalfOfModuleOptions) => OnBehalfOfModuleOptions, string]>([
    [
      'a downstream without https',
      (options) => ({ ...options, downstreams: { discount: { baseUrl: 'http://discount.internal', audience: 'discount' } } }),
      '`downstreams.discount.baseUrl` must use https: a token would cross the network in clear (plain http is accepted only on localhost, 127.0.0.1 and [::1], with `allowInsecureHttp: true`).',
    ],
    ['no downstreams', (options) => ({ ...options, downstreams: {} }), '`downstreams` must name at least one downstream, e.g. { discount: { baseUrl: "https://discount.internal", audience: "discount" } }.'],
  ])('refuses to start with %s: a TypeError naming the option (register and registerAsync)', async (_name, spoil, message) => {
    const bad = spoil(moduleOptions(world));
    await expect(boot('express', world, { options: bad })).rejects.toThrow(new TypeError(message));
    const async = OnBehalfOfModule.registerAsync({ useFactory: () => bad });
    await expect(boot('express', world, { module: async })).rejects.toThrow(new TypeError(message));
  });

  it("refuses to start with a bad authority option: the token source's TypeError", async () => {
    const bad = { ...moduleOptions(world), client: { id: '' } };
    await expect(boot('express', world, { options: bad })).rejects.toThrow(new TypeError('`client.id` must be the client id at the authority, a non-empty string.'));
  });

  it('detaches from HttpService at shutdown: the same axios instance then sends no token', async () => {
    app = await boot('express', world);
    const http = app.get(HttpService);
    expect((await checkout('axios')).body).toEqual({ status: 200, body: JSON.stringify({ sub: 'alice' }) });
    await app.close();
    app = undefined;
    // HttpModule without register() uses axios' default instance: the same object as `axios`.
    expect(http.axiosRef).toBe(axios);
    const response = await axios.get<{ sub: string | null }>(`${world.discount.url}/api/whoami`);
    expect(response.data).toEqual({ sub: null });
    expect(world.discount.hits.at(-1)!.authorization).toBeUndefined();
  });

  it('attachToHttpServices: false leaves HttpService alone; DownstreamClient still works', async () => {
    app = await boot('express', world, { options: { ...moduleOptions(world), attachToHttpServices: false } });
    expect((await checkout('axios')).body).toEqual({ status: 200, body: JSON.stringify({ sub: null }) });
    expect((await checkout('fetch')).body).toEqual({ status: 200, body: JSON.stringify({ sub: 'alice' }) });
    expect(world.authority.exchanges).toHaveLength(1);
  });

  it('attach(): intercepts an axios instance made elsewhere; OnBehalfOfContext.run acts for a user outside a request', async () => {
    app = await boot('express', world, { options: { ...moduleOptions(world), attachToHttpServices: false } });
    const instance = axios.create();
    await app.get(OnBehalfOfHttpInterceptor).attach(instance);
    await app.get(OnBehalfOfHttpInterceptor).attach(instance);
    const context = app.get(OnBehalfOfContext);
    const token = await mint('job-user');
    const principal = await app.get(AccessTokenVerifier).verify(token);
    const viaAxios = await context.run({ token, principal }, () => instance.get<{ sub: string }>(`${world.discount.url}/api/whoami`));
    expect(viaAxios.data).toEqual({ sub: 'job-user' });
    const viaFetch = await context.run({ token, principal }, () => app!.get(DownstreamClient).fetch('discount', '/whoami'));
    expect(await viaFetch.json()).toEqual({ sub: 'job-user' });
    expect(world.discount.hits).toHaveLength(2);
    expect(world.authority.exchanges).toHaveLength(1);

    await expect(instance.get(`${world.discount.url}/api/whoami`)).rejects.toBeInstanceOf(MissingSubjectTokenError);
    app.get(OnBehalfOfHttpInterceptor).detach(instance);
    expect((await instance.get<{ sub: string | null }>(`${world.discount.url}/api/whoami`)).data).toEqual({ sub: null });
  });

  it('O3: 1,000 concurrent outbound calls for 10 users cause exactly 10 exchanges, each user getting their own token', async () => {
    // Everything runs in this one process: generous timeouts, the burst is about counting.
    const options = moduleOptions(world, { timeoutMs: 45_000 });
    const discount = { ...options.downstreams['discount']!, resilience: { timeoutMs: 45_000, retries: 0, circuitBreaker: false as const } };
    app = await boot('express', world, { options: { ...options, downstreams: { ...options.downstreams, discount } } });
    const context = app.get(OnBehalfOfContext);
    const client = app.get(DownstreamClient);
    const http = app.get(HttpService);
    const verifier = app.get(AccessTokenVerifier);
    const users = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const token = await mint(`user-${i}`);
        return { sub: `user-${i}`, token, principal: await verifier.verify(token) };
      }),
    );
    const calls = Array.from({ length: 1000 }, (_, i) => {
      const user = users[i % users.length]!;
      return context.run({ token: user.token, principal: user.principal }, async () => {
        if (i % 2 === 0) return { sub: user.sub, seen: ((await (await client.fetch('discount', '/whoami')).json()) as { sub: string }).sub };
        return { sub: user.sub, seen: (await firstValueFrom(http.get<{ sub: string }>(`${world.discount.url}/api/whoami`))).data.sub };
      });
    });
    const settled = await Promise.allSettled(calls);
    expect(settled.filter((result) => result.status === 'rejected')).toEqual([]);
    const results = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    expect(results).toHaveLength(1000);
    expect(results.filter((result) => result.seen !== result.sub)).toEqual([]);
    expect(world.authority.exchanges).toHaveLength(10);
    expect(new Set(world.authority.exchanges.map((exchange) => exchange.params.get('subject_token')))).toEqual(new Set(users.map((user) => user.token)));
    expect(world.discount.hits).toHaveLength(1000);
    expect(new Set(world.discount.authorizations).size).toBe(10);
  }, 90_000);

  it('DownstreamClient refuses an unknown downstream and a path that leaves the base URL (TypeError, nothing sent)', async () => {
    app = await boot('express', world);
    const client = app.get(DownstreamClient);
    await expect(client.fetch('discuont', '/x')).rejects.toThrow(new TypeError('No downstream is named "discuont"; the configured ones are discount, sluggish, catalog.'));
    await expect(client.fetch('discount', '../admin')).rejects.toThrow(new TypeError('The path for downstream "discount" leaves its baseUrl; use a path below it.'));
    await expect(client.fetch('discount', 'https://evil.example/')).rejects.toThrow(TypeError);
    expect(world.discount.hits).toEqual([]);
    expect(world.authority.tokenRequests).toEqual([]);
  });

  it("a downstream's circuit opens after failures in a row: 503 at once, the downstream no longer called", async () => {
    const options = moduleOptions(world);
    app = await boot('express', world, {
      options: {
        ...options,
        downstreams: {
          ...options.downstreams,
          discount: { ...options.downstreams['discount']!, resilience: { retries: 0, circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 15_000 } } },
        },
      },
    });
    const token = await mint();
    const get = () => request(app!.getHttpServer()).get('/basket/coupon?via=fetch&path=/reset').set('Authorization', `Bearer ${token}`);
    expect((await get()).status).toBe(503);
    expect((await get()).status).toBe(503);
    expect(world.discount.hits).toHaveLength(2);
    const open = await get();
    expect(open.status).toBe(503);
    expect(open.body).toEqual({ error: 'temporarily_unavailable', error_description: 'A downstream service is temporarily unavailable' });
    expect(world.discount.hits).toHaveLength(2);
    const context = app.get(OnBehalfOfContext);
    const principal = await app.get(AccessTokenVerifier).verify(token);
    const error = await context.run({ token, principal }, () => app!.get(DownstreamClient).fetch('discount', '/coupons')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownstreamUnavailableError);
    expect(error).toMatchObject({ code: 'ERR_DOWNSTREAM_CIRCUIT_OPEN', retryAfter: 15, downstream: 'discount' });
  });

  it('DOWNSTREAM_TOKEN_SOURCE can be replaced (a shared source, a fake); it is closed at shutdown', async () => {
    const asked: Array<string | undefined> = [];
    let closed = 0;
    const source: DownstreamTokenSource = {
      tokenFor: async (target, subjectToken) => {
        asked.push(subjectToken === undefined ? undefined : claimsOf(subjectToken).sub as string);
        const accessToken = await world.issuer.mint({ sub: 'from-fake', aud: target.audience, client_id: CLIENT_ID });
        return { accessToken, tokenType: 'Bearer', expiresAt: 0, scope: [], issuedTokenType: 'urn:ietf:params:oauth:token-type:access_token' };
      },
      evict: () => undefined,
      close: () => {
        closed += 1;
      },
    };
    app = await boot('express', world, { source });
    expect((await checkout('fetch')).body).toEqual({ status: 200, body: JSON.stringify({ sub: 'from-fake' }) });
    expect(app.get(DOWNSTREAM_TOKEN_SOURCE)).toBe(source);
    expect(asked).toEqual(['alice']);
    expect(world.authority.tokenRequests).toEqual([]);
    await app.close();
    app = undefined;
    expect(closed).toBe(1);
  });
});
