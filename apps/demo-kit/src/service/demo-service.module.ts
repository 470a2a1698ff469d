import { Module, StandardSchemaValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { AuthModule } from '@baton/nest';
import { DemoDatabaseModule } from '../database/demo-database.module.js';
import { HealthController } from '../health/health.controller.js';
import type { DemoServiceConfig } from './demo-service-config.js';
import type { DemoServiceOptions } from './demo-service-options.js';
import { DEMO_SERVICE_CONFIG, DEMO_SERVICE_OPTIONS } from './demo-service.tokens.js';

/**
 * What every demo service is made of, in one import:
 *
 * - `AuthModule` for the service's audience, trusting the demo authority, in strict mode
 *   (a route without `@RequireScope` or `@Public()` stops the service at start-up);
 * - the database, opened, migrated and seeded before the first request;
 * - Standard Schema validation of bodies and parameters (400 with one message per problem);
 * - `GET /health`.
 *
 * The configuration and options are injectable (`DEMO_SERVICE_CONFIG`, `DEMO_SERVICE_OPTIONS`).
 *
 * @example
 * ```ts
 * @Module({})
 * export class DiscountModule {
 *   static forRoot(config: DemoServiceConfig): DynamicModule {
 *     return { module: DiscountModule, imports: [DemoServiceModule.forRoot(config, discountOptions)], controllers: [CouponsController] };
 *   }
 * }
 * ```
 */
@Module({})
export class DemoServiceModule {
  static forRoot(config: DemoServiceConfig, options: DemoServiceOptions): DynamicModule {
    return {
      module: DemoServiceModule,
      global: true,
      imports: [
        AuthModule.forRoot({ ...options.auth, issuer: config.issuer, audience: config.audience, strict: true }),
        DemoDatabaseModule.forRoot({ location: config.database, migrations: options.migrations, ...(options.openDatabase ? { open: options.openDatabase } : {}) }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: DEMO_SERVICE_CONFIG, useValue: config },
        { provide: DEMO_SERVICE_OPTIONS, useValue: options },
        { provide: APP_PIPE, useFactory: () => new StandardSchemaValidationPipe() },
      ],
      exports: [DEMO_SERVICE_CONFIG, DEMO_SERVICE_OPTIONS],
    };
  }
}
