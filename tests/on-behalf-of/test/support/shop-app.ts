import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { HttpModule, HttpService } from '@nestjs/axios';
import { Controller, Get, Headers, Inject, Logger, Module, Query, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AuthModule, DownstreamClient, OnBehalfOfModule, RequireScope, type AuthModuleOptions, type OnBehalfOfModuleOptions } from '@baton/nest';
import { firstValueFrom } from 'rxjs';
import { DISCOUNT_AUDIENCE, DISCOUNT_SCOPE, type Downstreams } from './downstreams.js';
import type { RealAuthority } from './real-authority.js';

/** The audience and scope of the service under test: shoppingbasket, as in the demo. */
export const SHOP_AUDIENCE = 'shoppingbasket';
export const SHOP_SCOPE = 'shoppingbasket.fullaccess';

export type Adapter = 'express' | 'fastify';
export type Via = 'fetch' | 'axios';

/** What a handler saw of one downstream answer. */
export interface Seen {
  readonly status: number;
  readonly body: string;
}

/** Where the handlers send their calls. */
class Targets {
  constructor(
    readonly discountBase: string,
    readonly other: string,
  ) {}
}

@Controller('basket')
class ShopController {
  private readonly logger = new Logger('Checkout');

  constructor(
    private readonly downstreams: DownstreamClient,
    private readonly http: HttpService,
    @Inject(Targets) private readonly targets: Targets,
  ) {}

  /** One call to discount at `path` (below its base URL), through fetch or axios. */
  @Get('coupon') @RequireScope(SHOP_SCOPE)
  coupon(@Query('via') via: Via, @Query('path') path = '/coupons'): Promise<Seen> {
    return this.callDiscount(via, path);
  }

  /** `calls` concurrent calls to discount's `/coupons` from one inbound request; the answers' statuses and subjects, counted. */
  @Get('fan-out') @RequireScope(SHOP_SCOPE)
  async fanOut(@Query('via') via: Via, @Query('calls') calls: string): Promise<{ statuses: Record<string, number>; subs: Record<string, number> }> {
    const answers = await Promise.all(Array.from({ length: Number(calls) }, () => this.callDiscount(via, '/coupons')));
    const statuses: Record<string, number> = {};
    const subs: Record<string, number> = {};
    for (const answer of answers) {
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      const sub = answer.status === 200 ? String((JSON.parse(answer.body) as { sub?: string }).sub) : '(none)';
      subs[sub] = (subs[sub] ?? 0) + 1;
    }
    return { statuses, subs };
  }

  /** A call to an origin that is no configured downstream. */
  @Get('elsewhere') @RequireScope(SHOP_SCOPE)
  async elsewhere(@Query('via') via: Via): Promise<Seen> {
    const url = `${this.targets.other}/landing`;
    if (via === 'axios') return seenAxios(await firstValueFrom(this.http.get<string>(url, { validateStatus: () => true, responseType: 'text' })));
    return seen(await this.downstreams.fetchUrl(url));
  }

  /** Application code forwarding the inbound token by hand (O1): must be stopped before it leaves. */
  @Get('forward') @RequireScope(SHOP_SCOPE)
  async forward(
    @Query('via') via: Via,
    @Query('to') to: 'discount' | 'other',
    @Query('in') where: 'header' | 'authorization' | 'query',
    @Headers('authorization') authorization: string,
  ): Promise<Seen> {
    const base = to === 'discount' ? `${this.targets.discountBase}/coupons` : `${this.targets.other}/landing`;
    const token = authorization.slice('Bearer '.length);
    const url = where === 'query' ? `${base}?access_token=${token}` : base;
    const headers: Record<string, string> = where === 'header' ? { 'x-user-token': token } : where === 'authorization' ? { authorization } : {};
    try {
      if (via === 'axios') return seenAxios(await firstValueFrom(this.http.get<string>(url, { headers, validateStatus: () => true, responseType: 'text' })));
      return seen(await this.downstreams.fetchUrl(url, { headers }));
    } catch (error) {
      this.logger.error(error);
      throw error;
    }
  }

  /** Calls discount and, when that fails, logs the error the careless way: whole, deep, everywhere (O6). */
  @Get('logged') @RequireScope(SHOP_SCOPE)
  async logged(@Query('via') via: Via, @Query('path') path = '/coupons'): Promise<Seen> {
    this.logger.verbose(`calling discount ${path} via ${via}`);
    try {
      const answer = await this.callDiscount(via, path, true);
      this.logger.debug(`discount answered ${answer.status}`);
      return answer;
    } catch (error) {
      this.logger.error(error);
      this.logger.error(inspect(error, { depth: 10 }));
      this.logger.warn({ failed: error, response: (error as { response?: unknown }).response });
      console.error(error);
      throw error;
    }
  }

  private async callDiscount(via: Via, path: string, throwOnError = false): Promise<Seen> {
    if (via === 'axios') {
      const response = await firstValueFrom(this.http.get<string>(`${this.targets.discountBase}${path}`, { responseType: 'text', ...(throwOnError ? {} : { validateStatus: () => true }) }));
      return seenAxios(response);
    }
    return seen(await this.downstreams.fetch('discount', path));
  }
}

async function seen(response: Response): Promise<Seen> {
  return { status: response.status, body: await response.text() };
}

function seenAxios(response: { status: number; data: string }): Seen {
  return { status: response.status, body: response.data };
}

/** How to boot the shop. */
export interface ShopOptions {
  readonly adapter?: Adapter;
  /** Overrides of the `OnBehalfOfModule` options (e.g. `tokenEndpoint` through a fault proxy, `timeoutMs`). */
  readonly onBehalfOf?: Partial<OnBehalfOfModuleOptions>;
  /** Overrides of the `AuthModule` options. */
  readonly auth?: Partial<AuthModuleOptions>;
  /** The application's logger. Default none. */
  readonly logger?: LoggerService;
}

/** A running shop. */
export interface Shop {
  readonly app: INestApplication;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The `OnBehalfOfModule` options of the shop: the authority's issuer, shoppingbasket's real
 * client id and generated secret, discount under `<discount>/api` for audience `discount` and
 * scope `discount.fullaccess`; predictable calls (no retries, no breaker, patient timeouts:
 * the machine may be busy). Fault specs override what they test.
 */
export function shopOptions(real: RealAuthority, downstreams: Downstreams, overrides: Partial<OnBehalfOfModuleOptions> = {}): OnBehalfOfModuleOptions {
  return {
    authority: real.issuer,
    client: { id: real.authority.clients.shoppingbasket.id, secret: real.authority.clients.shoppingbasket.secret },
    allowInsecureHttp: true,
    timeoutMs: 5_000,
    retries: 0,
    circuitBreaker: false,
    downstreams: {
      discount: {
        baseUrl: downstreams.discountBase,
        audience: DISCOUNT_AUDIENCE,
        scope: DISCOUNT_SCOPE,
        resilience: { timeoutMs: 5_000, retries: 0, circuitBreaker: false },
      },
    },
    ...overrides,
  };
}

/**
 * Boots a service like the demo's shoppingbasket on 127.0.0.1 and a free port: `AuthModule`
 * for audience `shoppingbasket` trusting the real authority, `HttpModule` (axios) and
 * `OnBehalfOfModule` calling discount, and a controller whose routes call discount through
 * `DownstreamClient` (fetch) or `HttpService` (axios), selected by `?via=`.
 */
export async function startShop(real: RealAuthority, downstreams: Downstreams, options: ShopOptions = {}): Promise<Shop> {
  @Module({
    imports: [
      AuthModule.forRoot({ issuer: real.issuer, audience: SHOP_AUDIENCE, ...options.auth }),
      // Its own axios instance: the static `HttpModule` shares axios's global instance between
      // apps, and several shops run at once in some specs (see the project README).
      HttpModule.register({}),
      OnBehalfOfModule.register(shopOptions(real, downstreams, options.onBehalfOf)),
    ],
    controllers: [ShopController],
    providers: [{ provide: Targets, useValue: new Targets(downstreams.discountBase, downstreams.other.url) }],
  })
  class ShopModule {}

  const adapter = options.adapter ?? 'express';
  const app = await NestFactory.create(ShopModule, adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), {
    logger: options.logger ?? false,
    abortOnError: false,
  });
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
