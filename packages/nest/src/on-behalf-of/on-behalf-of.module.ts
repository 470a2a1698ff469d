import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { DownstreamCaller } from './downstream.caller.js';
import { DownstreamClient } from './downstream.client.js';
import { DownstreamRegistry } from './downstream.registry.js';
import type { DownstreamTokenSource } from './downstream-token-source.js';
import { OnBehalfOfContextInterceptor } from './on-behalf-of-context.interceptor.js';
import { OnBehalfOfHttpInterceptor } from './on-behalf-of-http.interceptor.js';
import type { OnBehalfOfModuleOptions } from './on-behalf-of-module-options.js';
import { DOWNSTREAM_TOKEN_SOURCE } from './on-behalf-of.constants.js';
import { OnBehalfOfContext } from './on-behalf-of.context.js';
import { ConfigurableOnBehalfOfModule, ON_BEHALF_OF_MODULE_OPTIONS } from './on-behalf-of.module-definition.js';
import { createTokenSource } from './create-token-source.js';

/**
 * Calls other services on behalf of the user (RFC 8693 token exchange, DESIGN.md flow 3):
 * configured once with the authority, this service's client credentials and its named
 * downstreams, it gives every outbound call a token obtained for its downstream, never the
 * inbound token, through `DownstreamClient` (fetch) or any `@nestjs/axios` `HttpService`.
 * Controller code never handles tokens.
 *
 * Needs {@link AuthModule} (its audience guard verifies the inbound token that becomes the
 * subject token, and its filter answers the errors). Bad options stop the app at start-up with
 * a `TypeError` naming the option.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     AuthModule.forRoot({ issuer: 'https://auth.example.com', audience: 'shoppingbasket' }),
 *     HttpModule.register({}), // its own axios instance; plain HttpModule shares the global one
 *     OnBehalfOfModule.register({
 *       authority: 'https://auth.example.com',
 *       client: { id: 'shoppingbasket', secret: process.env.SHOPPINGBASKET_SECRET },
 *       downstreams: { discount: { baseUrl: 'https://discount.internal', audience: 'discount', scope: 'discount.fullaccess' } },
 *     }),
 *   ],
 * })
 * export class AppModule {}
 *
 * OnBehalfOfModule.registerAsync({
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ authority: config.getOrThrow('AUTHORITY'), client: { ... }, downstreams: { ... } }),
 * })
 * ```
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    { provide: DownstreamRegistry, useFactory: (options: OnBehalfOfModuleOptions) => DownstreamRegistry.fromOptions(options), inject: [ON_BEHALF_OF_MODULE_OPTIONS] },
    {
      provide: DOWNSTREAM_TOKEN_SOURCE,
      // The registry first: downstream mistakes are reported before the authority's.
      useFactory: (options: OnBehalfOfModuleOptions, _validated: DownstreamRegistry) => createTokenSource(options),
      inject: [ON_BEHALF_OF_MODULE_OPTIONS, DownstreamRegistry],
    },
    OnBehalfOfContext,
    DownstreamCaller,
    DownstreamClient,
    OnBehalfOfHttpInterceptor,
    { provide: APP_INTERCEPTOR, useClass: OnBehalfOfContextInterceptor },
  ],
  exports: [DownstreamClient, OnBehalfOfContext, OnBehalfOfHttpInterceptor, DOWNSTREAM_TOKEN_SOURCE],
})
export class OnBehalfOfModule extends ConfigurableOnBehalfOfModule implements OnApplicationShutdown {
  constructor(@Inject(DOWNSTREAM_TOKEN_SOURCE) private readonly source: DownstreamTokenSource) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.source.close?.();
  }
}
