import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { HttpModule, HttpService } from '@nestjs/axios';
import { Controller, Get, Headers, Inject, Logger, Query, type DynamicModule, type INestApplication, type LoggerService } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { registerKnownSecret, TestIssuer } from '@baton/testing';
import { firstValueFrom } from 'rxjs';
import {
  AuthModule,
  DOWNSTREAM_TOKEN_SOURCE,
  DownstreamClient,
  OnBehalfOfModule,
  Public,
  RequireScope,
  type DownstreamTokenSource,
  type OnBehalfOfModuleOptions,
} from '../src/index.js';
import { invalidToken, refusal, type AdapterName, type ErrorAnswer } from './create-test-app.js';
import { claimsOf, DownstreamStub, json, StubAuthority } from './on-behalf-of.test-helpers.js';

/*
 * The shoppingbasket app of the on-behalf-of e2e specs: a controller that calls the discount
 * downstream through DownstreamClient (fetch) or HttpService (axios), the servers around it
 * (issuer, stub authority, discount, another origin) and the answers expected.
 */

/** The audience of the app under test (the shoppingbasket service). */
export const AUDIENCE = 'shoppingbasket';
export const SCOPE = 'shoppingbasket.fullaccess';
export const CLIENT_ID = 'shoppingbasket';
export const SECRET = 'shoppingbasket-secret-5b0f6a2c91d4e8';
registerKnownSecret(SECRET);

/** Where the handlers send their calls. */
export class Endpoints {
  constructor(
    /** The discount downstream's base URL (`…/api`). */
    readonly discount: string,
    /** A server that is no configured downstream, except under `/catalog`. */
    readonly other: string,
    /** The `sluggish` downstream's base URL: the discount server's `/slow`, with a short timeout. */
    readonly sluggish: string,
  ) {}
}

export type Via = 'fetch' | 'axios';

/** What a handler saw of a downstream's answer. */
export interface Seen {
  status: number;
  body: string;
}

@Controller('basket')
export class BasketController {
  private readonly logger = new Logger('Basket');

  constructor(
    private readonly downstreams: DownstreamClient,
    private readonly http: HttpService,
    @Inject(Endpoints) private readonly endpoints: Endpoints,
  ) {}

  /** Calls the discount downstream (or `downstream=sluggish`) at `path`, below its base URL. */
  @Get('coupon') @RequireScope(SCOPE)
  coupon(@Query('via') via: Via, @Query('path') path = '/coupons', @Query('downstream') downstream = 'discount'): Promise<Seen> {
    return this.call(via, downstream, downstream === 'sluggish' ? this.endpoints.sluggish : this.endpoints.discount, path);
  }

  /** Calls a URL of no configured downstream. */
  @Get('elsewhere') @RequireScope(SCOPE)
  elsewhere(@Query('via') via: Via): Promise<Seen> {
    const url = `${this.endpoints.other}/landing`;
    return via === 'axios' ? this.viaAxios(url) : this.downstreams.fetchUrl(url).then(seen);
  }

  /** Forwards the inbound token by hand, in a header (`authorization` or another) or in the query (O1): must be stopped. */
  @Get('forward') @RequireScope(SCOPE)
  async forward(@Query('via') via: Via, @Query('to') to: 'discount' | 'other', @Query('in') where: 'header' | 'authorization' | 'query', @Headers('authorization') authorization: string): Promise<Seen> {
    const base = to === 'discount' ? `${this.endpoints.discount}/coupons` : `${this.endpoints.other}/landing`;
    const token = authorization.slice('Bearer '.length);
    const url = where === 'query' ? `${base}?t=${token}` : base;
    const headers: Record<string, string> = where === 'header' ? { 'x-user-token': token } : where === 'authorization' ? { authorization } : {};
    if (via === 'axios') return seenAxios(await firstValueFrom(this.http.get<string>(url, { headers, validateStatus: () => true, responseType: 'text' })));
    return seen(await this.downstreams.fetchUrl(url, { headers }));
  }

  /** A public route (no user) calling a downstream that needs one. */
  @Get('public') @Public()
  publicCall(@Query('via') via: Via): Promise<Seen> {
    return this.call(via, 'discount', this.endpoints.discount, '/coupons');
  }

  /** A public route calling the downstream that allows client credentials. */
  @Get('catalog') @Public()
  catalog(@Query('via') via: Via): Promise<Seen> {
    return this.call(via, 'catalog', `${this.endpoints.other}/catalog`, '/events');
  }

  /** A user's route calling that downstream: still on behalf of the user. */
  @Get('catalog-as-user') @RequireScope(SCOPE)
  catalogAsUser(@Query('via') via: Via): Promise<Seen> {
    return this.call(via, 'catalog', `${this.endpoints.other}/catalog`, '/events');
  }

  /** An axios error from a downstream call (a 404), logged and inspected as application code would (O6). */
  @Get('axios-error') @RequireScope(SCOPE)
  async axiosError(): Promise<{ status: number | undefined; inspected: string; json: string }> {
    try {
      await firstValueFrom(this.http.get(`${this.endpoints.discount}/missing`));
      return { status: undefined, inspected: '', json: '' };
    } catch (error) {
      this.logger.error(error);
      console.error(error);
      return { status: (error as { response?: { status: number } }).response?.status, inspected: inspect(error, { depth: 4 }), json: JSON.stringify(error) };
    }
  }

  /** Calls the discount downstream and, when it fails, logs the error the careless way: whole, deep, everywhere (O6). */
  @Get('logged') @RequireScope(SCOPE)
  async logged(@Query('via') via: Via, @Query('path') path = '/coupons'): Promise<Seen> {
    try {
      return await this.call(via, 'discount', this.endpoints.discount, path);
    } catch (error) {
      this.logger.error(error);
      this.logger.error(inspect(error, { depth: 10, showHidden: true }));
      console.error(error);
      throw error;
    }
  }

  private call(via: Via, downstream: string, base: string, path: string): Promise<Seen> {
    if (via === 'axios') return this.viaAxios(`${base}${path}`);
    return this.downstreams.fetch(downstream, path).then(seen);
  }

  private async viaAxios(url: string): Promise<Seen> {
    return seenAxios(await firstValueFrom(this.http.get<string>(url, { validateStatus: () => true, responseType: 'text' })));
  }
}

export async function seen(response: Response): Promise<Seen> {
  return { status: response.status, body: await response.text() };
}

export function seenAxios(response: { status: number; data: string }): Seen {
  return { status: response.status, body: response.data };
}

/** The servers around the app under test. */
export interface World {
  issuer: TestIssuer;
  authority: StubAuthority;
  /** The discount service: its routes live under `/api`. */
  discount: DownstreamStub;
  /** Anything else; `/catalog` is the client-credentials downstream. */
  other: DownstreamStub;
}

export async function startWorld(): Promise<World> {
  const issuer = await TestIssuer.start({ audience: AUDIENCE });
  const [authority, discount, other] = await Promise.all([StubAuthority.start(issuer, { [CLIENT_ID]: SECRET }), DownstreamStub.start(), DownstreamStub.start()]);
  const challenge = (error: string, extra = '') => ({ 'www-authenticate': `Bearer error="${error}"${extra}` });
  discount.route('/api/expired-once', (_hit, res, count) => (count === 1 ? json(res, 401, {}, challenge('invalid_token')) : json(res, 200, { fresh: true })));
  discount.route('/api/always-expired', (_hit, res) => json(res, 401, {}, challenge('invalid_token')));
  discount.route('/api/bare-401', (_hit, res) => json(res, 401, {}, { 'www-authenticate': 'Bearer' }));
  discount.route('/api/admin-only', (_hit, res) => json(res, 403, {}, challenge('insufficient_scope', ', scope="discount.admin"')));
  discount.route('/api/not-yours', (_hit, res) => json(res, 403, { reason: 'not your basket' }));
  discount.route('/api/missing', (_hit, res) => json(res, 404, { error: 'not found' }));
  discount.route('/api/redirect-in', (_hit, res) => redirect(res, '/api/coupons'));
  discount.route('/api/redirect-out', (_hit, res) => redirect(res, `${other.url}/landing`));
  discount.route('/api/redirect-above', (_hit, res) => redirect(res, '/admin'));
  discount.route('/api/redirect-away-and-back', (_hit, res) => redirect(res, `${other.url}/bounce`));
  discount.route('/api/redirect-to-login', (_hit, res) => redirect(res, `${other.url}/login`));
  other.route('/login', (_hit, res) => json(res, 401, { login: true }, challenge('invalid_token')));
  other.route('/bounce', (_hit, res) => redirect(res, `${discount.url}/api/coupons`));
  discount.route('/api/flaky', (_hit, res, count) => (count === 1 ? json(res, 503, {}) : json(res, 200, { recovered: true })));
  discount.route('/api/whoami', (hit, res) => json(res, 200, { sub: hit.authorization === undefined ? null : claimsOf(hit.authorization.slice(7)).sub }));
  discount.route('/slow/hang', () => undefined);
  discount.route('/api/reset', (_hit, res) => res.socket?.destroy());
  return { issuer, authority, discount, other };
}

export async function stopWorld(world: World): Promise<void> {
  await Promise.all([world.issuer.close(), world.authority.close(), world.discount.close(), world.other.close()]);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}

export function moduleOptions(world: World, extra: Partial<OnBehalfOfModuleOptions> = {}): OnBehalfOfModuleOptions {
  return {
    authority: world.authority.url,
    client: { id: CLIENT_ID, secret: SECRET },
    allowInsecureHttp: true,
    // Calls to the authority: predictable (no retries, no breaker), and patient: the machine may be
    // busy. The authority-fault spec sets its own.
    timeoutMs: 5000,
    retries: 0,
    circuitBreaker: false,
    downstreams: {
      discount: {
        baseUrl: `${world.discount.url}/api`,
        audience: 'discount',
        scope: 'discount.fullaccess',
        resilience: { timeoutMs: 5000, retries: 1, circuitBreaker: false },
      },
      sluggish: { baseUrl: `${world.discount.url}/slow`, audience: 'discount', scope: 'discount.fullaccess', resilience: { timeoutMs: 300, retries: 1, circuitBreaker: false } },
      catalog: { baseUrl: `${world.other.url}/catalog`, audience: 'eventcatalog', scope: ['eventcatalog.read'], allowClientCredentials: true },
    },
    ...extra,
  };
}

/** How to boot the app under test. */
export interface BootOptions {
  options?: OnBehalfOfModuleOptions;
  /** The `OnBehalfOfModule` to import instead of `register(options)`. */
  module?: DynamicModule;
  /** Replaces the token source (DOWNSTREAM_TOKEN_SOURCE). */
  source?: DownstreamTokenSource;
  logger?: LoggerService;
}

/** Boots the shoppingbasket app: AuthModule, HttpModule, OnBehalfOfModule, the basket controller, on 127.0.0.1 and port 0. */
export async function boot(adapter: AdapterName, world: World, boot: BootOptions = {}): Promise<INestApplication> {
  const options = boot.options ?? moduleOptions(world);
  const endpoints: DynamicModule = {
    module: class EndpointsModule {},
    providers: [{ provide: Endpoints, useValue: new Endpoints(`${world.discount.url}/api`, world.other.url, `${world.discount.url}/slow`) }],
    exports: [Endpoints],
  };
  let builder = Test.createTestingModule({
    imports: [
      AuthModule.forRoot({ issuer: { issuer: world.issuer.issuer, jwksUri: world.issuer.jwksUri }, audience: AUDIENCE, algorithms: ['ES256'] }),
      HttpModule,
      boot.module ?? OnBehalfOfModule.register(options),
      endpoints,
    ],
    controllers: [BasketController],
  });
  if (boot.source !== undefined) builder = builder.overrideProvider(DOWNSTREAM_TOKEN_SOURCE).useValue(boot.source);
  if (boot.logger !== undefined) builder.setLogger(boot.logger);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication(adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), { logger: boot.logger ?? false });
  try {
    await app.init();
    if (adapter === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

/** The 503 answer when the authority cannot be used (O5). */
export function authorityDown(retryAfter: string): ErrorAnswer {
  return {
    status: 503,
    wwwAuthenticate: undefined,
    retryAfter,
    cacheControl: 'no-store',
    body: { error: 'temporarily_unavailable', error_description: 'The authorization server is temporarily unavailable' },
  };
}

export const EXCHANGE_REFUSED = invalidToken('The authorization server refused to exchange the access token');
export const TOKEN_REJECTED = refusal(502, undefined, { error: 'server_error', error_description: 'A downstream service refused the delegated token' });
export const SCOPE_REFUSED = refusal(502, undefined, { error: 'server_error', error_description: 'A downstream service refused the delegated request for lack of scope' });
export const NO_USER = refusal(500, undefined, { error: 'server_error', error_description: 'The service could not call a downstream service on behalf of the user' });
export const FORWARDED = refusal(500, undefined, { error: 'server_error', error_description: 'The service tried to forward its inbound access token' });
/** A downstream that timed out or could not be reached: 503, a new attempt makes sense after a second. */
export const DOWNSTREAM_DOWN: ErrorAnswer = {
  status: 503,
  wwwAuthenticate: undefined,
  retryAfter: '1',
  cacheControl: 'no-store',
  body: { error: 'temporarily_unavailable', error_description: 'A downstream service is temporarily unavailable' },
};

