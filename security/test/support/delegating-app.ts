import type { AddressInfo } from 'node:net';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { AuthModule, DownstreamClient, OnBehalfOfModule, RequireScope, type AuthModuleOptions, type OnBehalfOfModuleOptions } from '@baton/nest';

@Controller('basket')
class BasketController {
  constructor(private readonly downstreams: DownstreamClient) {}

  /** Calls the discount service on behalf of the caller. */
  @Get('coupon')
  @RequireScope('shoppingbasket.fullaccess')
  async coupon(): Promise<{ status: number }> {
    const response = await this.downstreams.fetch('discount', '/coupons');
    await response.body?.cancel();
    return { status: response.status };
  }
}

/**
 * A service like the demo's shoppingbasket: its guard (AuthModule) and OnBehalfOfModule, one
 * route calling the `discount` downstream through DownstreamClient; express, 127.0.0.1, a free port.
 */
export async function startDelegatingApp(auth: AuthModuleOptions, onBehalfOf: OnBehalfOfModuleOptions): Promise<{ app: INestApplication; url: string }> {
  @Module({ imports: [AuthModule.forRoot(auth), OnBehalfOfModule.register(onBehalfOf)], controllers: [BasketController] })
  class DelegatingAppModule {}

  const app = await NestFactory.create(DelegatingAppModule, new ExpressAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}/basket/coupon` };
}
