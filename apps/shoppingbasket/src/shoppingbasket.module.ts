import { Module, type DynamicModule } from '@nestjs/common';
import { OnBehalfOfModule, type OnBehalfOfModuleOptions } from '@baton/nest';
import { DEMO_APIS, DEMO_CLIENTS, DEMO_SECRETS, DemoServiceModule, loadOrCreateSecret, type DemoServiceConfig, type DemoServiceOptions } from '@baton-demo/kit';
import { BasketController } from './basket/basket.controller.js';
import { BasketRepository } from './basket/basket.repository.js';
import { SqlBasketRepository } from './basket/sql-basket.repository.js';
import { CheckoutController } from './checkout/checkout.controller.js';
import { DelegatedDiscountGateway, DISCOUNT_DOWNSTREAM } from './checkout/delegated-discount.gateway.js';
import { DiscountGateway } from './checkout/discount.gateway.js';
import { OrderRepository } from './checkout/order.repository.js';
import { SqlOrderRepository } from './checkout/sql-order.repository.js';
import { SHOPPINGBASKET_MIGRATIONS } from './database/shoppingbasket.migrations.js';

/** What the shoppingbasket service tells the demo kit about itself. */
export const SHOPPINGBASKET_OPTIONS: DemoServiceOptions = {
  title: 'GloboTicket shoppingbasket',
  description:
    "The signed-in user's basket and checkout. Access tokens must have the audience `shoppingbasket` and the scope " +
    '`shoppingbasket.fullaccess`; the basket is always that of the `sub` of the token. Checkout fetches the user\'s coupon ' +
    'from discount on behalf of the user: the token is exchanged at the authority (RFC 8693) for one meant for discount, never forwarded.',
  migrations: SHOPPINGBASKET_MIGRATIONS,
};

/** Options of {@link ShoppingbasketModule.forRoot}. */
export interface ShoppingbasketOptions extends Partial<DemoServiceOptions> {
  /**
   * shoppingbasket's client secret at the authority. Default: the demo's generated secret
   * (`SHOPPINGBASKET_CLIENT_SECRET`, else `<dataDir>/secrets.json`).
   */
  clientSecret?: string;
  /** Overrides of the on-behalf-of module's options (e.g. `tokenEndpoint`, `resilience`). */
  onBehalfOf?: Partial<Omit<OnBehalfOfModuleOptions, 'client' | 'downstreams'>>;
}

/**
 * The shoppingbasket service: baskets and checkout on the demo kit's service module, and
 * `@baton/nest`'s on-behalf-of module for the calls to discount.
 *
 * @example
 * ```ts
 * const app = await startDemoService(ShoppingbasketModule.forRoot(demoServiceConfig('shoppingbasket')));
 * ```
 */
@Module({})
export class ShoppingbasketModule {
  static forRoot(config: DemoServiceConfig, options: ShoppingbasketOptions = {}): DynamicModule {
    const { clientSecret, onBehalfOf, ...serviceOptions } = options;
    return {
      module: ShoppingbasketModule,
      imports: [
        DemoServiceModule.forRoot(config, { ...SHOPPINGBASKET_OPTIONS, ...serviceOptions }),
        OnBehalfOfModule.register({
          authority: config.authorityUrl,
          client: { id: DEMO_CLIENTS.shoppingbasket, secret: clientSecret ?? loadOrCreateSecret(config.dataDir, DEMO_SECRETS.shoppingbasketClient) },
          downstreams: {
            [DISCOUNT_DOWNSTREAM]: { baseUrl: config.urls.discount, audience: DEMO_APIS.discount.audience, scope: [...DEMO_APIS.discount.scopes] },
          },
          attachToHttpServices: false,
          // The demo runs on localhost over plain http; @baton still refuses http to any other host.
          allowInsecureHttp: true,
          ...onBehalfOf,
        }),
      ],
      controllers: [BasketController, CheckoutController],
      providers: [
        { provide: BasketRepository, useClass: SqlBasketRepository },
        { provide: OrderRepository, useClass: SqlOrderRepository },
        { provide: DiscountGateway, useClass: DelegatedDiscountGateway },
      ],
    };
  }
}
