import { Module, type DynamicModule } from '@nestjs/common';
import { ApiTokensService } from './auth/api-tokens.service.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthorityClient } from './auth/authority.client.js';
import { FormTokenGuard } from './auth/form-token.guard.js';
import { SessionTokenStore } from './auth/session-token.store.js';
import { ApiCaller } from './backends/api.caller.js';
import { EventCatalogApi } from './backends/eventcatalog.api.js';
import { ShoppingBasketApi } from './backends/shoppingbasket.api.js';
import type { WebConfig } from './config/web-config.js';
import { WEB_CONFIG } from './config/web-config.token.js';
import { GuaranteeProbes } from './guarantees/guarantee-probes.js';
import { GuaranteesController } from './guarantees/guarantees.controller.js';
import { HealthController } from './health.controller.js';
import { StorefrontController } from './storefront/storefront.controller.js';

/**
 * The storefront's Nest module. Use `createWebApp`, which also installs the session,
 * headers and error pages.
 *
 * @example
 * ```ts
 * const app = await NestFactory.create(WebModule.forRoot(config));
 * ```
 */
@Module({})
export class WebModule {
  static forRoot(config: WebConfig): DynamicModule {
    return {
      module: WebModule,
      controllers: [HealthController, AuthController, StorefrontController, GuaranteesController],
      providers: [
        { provide: WEB_CONFIG, useValue: config },
        AuthorityClient,
        { provide: SessionTokenStore, useValue: new SessionTokenStore() },
        ApiTokensService,
        ApiCaller,
        EventCatalogApi,
        ShoppingBasketApi,
        GuaranteeProbes,
        FormTokenGuard,
      ],
    };
  }
}
