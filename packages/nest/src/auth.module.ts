import { AccessTokenVerifier } from '@baton/core';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AudienceGuard } from './audience.guard.js';
import type { AuthModuleOptions } from './auth-module-options.js';
import { AUTH_MODULE_OPTIONS, ConfigurableAuthModule } from './auth.module-definition.js';
import { BatonExceptionFilter } from './baton-exception.filter.js';
import { JwtStrategy } from './baton-passport.strategy.js';
import { RouteAuthPolicyCache } from './route-auth-policy.js';
import { ScopeGuard } from './scope.guard.js';
import { StrictRoutesCheck } from './strict-routes.check.js';

/**
 * Secures a Nest application as an OAuth 2.0 resource server: every route needs a valid
 * access token for this service's audience unless marked `@Public()`, `@RequireScope(...)`
 * adds scope checks, and failures get the RFC 6750 answers. Global by default.
 *
 * Provides {@link AccessTokenVerifier} (inject it to verify tokens yourself), the passport
 * strategy `jwt`, and registers the audience guard, the scope guard and the error filter as
 * application-wide guards and filter. Bad options stop the app at start-up with a `TypeError`.
 *
 * @example
 * ```ts
 * @Module({ imports: [AuthModule.forRoot({ issuer: 'https://auth.example.com', audience: 'eventcatalog' })] })
 * export class AppModule {}
 *
 * AuthModule.forRootAsync({
 *   imports: [ConfigModule],
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ issuer: config.getOrThrow('ISSUER'), audience: 'eventcatalog' }),
 * })
 * ```
 */
@Module({
  imports: [DiscoveryModule, PassportModule],
  providers: [
    {
      provide: AccessTokenVerifier,
      useFactory: (options: AuthModuleOptions) => new AccessTokenVerifier(options),
      inject: [AUTH_MODULE_OPTIONS],
    },
    RouteAuthPolicyCache,
    JwtStrategy,
    StrictRoutesCheck,
    // Order matters: the audience guard authenticates, then the scope guard authorises.
    { provide: APP_GUARD, useClass: AudienceGuard },
    { provide: APP_GUARD, useClass: ScopeGuard },
    { provide: APP_FILTER, useClass: BatonExceptionFilter },
  ],
  exports: [AccessTokenVerifier, AUTH_MODULE_OPTIONS],
})
export class AuthModule extends ConfigurableAuthModule {}
