import { Module, type DynamicModule } from '@nestjs/common';
import { DemoServiceModule, type DemoServiceConfig, type DemoServiceOptions } from '@baton-demo/kit';
import { CouponRepository } from './coupons/coupon.repository.js';
import { CouponsController } from './coupons/coupons.controller.js';
import { SqlCouponRepository } from './coupons/sql-coupon.repository.js';
import { DISCOUNT_MIGRATIONS } from './database/discount.migrations.js';

/** What the discount service tells the demo kit about itself. */
export const DISCOUNT_OPTIONS: DemoServiceOptions = {
  title: 'GloboTicket discount',
  description:
    'A coupon per user. Access tokens must have the audience `discount` and the scope `discount.fullaccess`: ' +
    "the storefront's own token does not open it; shoppingbasket exchanges it (RFC 8693) for one that does, " +
    'and every answer shows the claims discount saw, `act` included.',
  migrations: DISCOUNT_MIGRATIONS,
};

/**
 * The discount service: coupons per user on the demo kit's service module.
 *
 * @example
 * ```ts
 * const app = await startDemoService(DiscountModule.forRoot(demoServiceConfig('discount')));
 * ```
 */
@Module({})
export class DiscountModule {
  static forRoot(config: DemoServiceConfig, options: Partial<DemoServiceOptions> = {}): DynamicModule {
    return {
      module: DiscountModule,
      imports: [DemoServiceModule.forRoot(config, { ...DISCOUNT_OPTIONS, ...options })],
      controllers: [CouponsController],
      providers: [{ provide: CouponRepository, useClass: SqlCouponRepository }],
    };
  }
}
