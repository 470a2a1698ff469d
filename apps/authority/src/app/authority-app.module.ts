import { Module, type DynamicModule } from '@nestjs/common';
import { HealthController } from '../health/health.controller.js';
import { HomeController } from '../health/home.controller.js';
import { InteractionController } from '../interaction/interaction.controller.js';
import { AuthorityRuntime } from './authority-runtime.js';
import { AUTHORITY_RUNTIME } from './authority-runtime.token.js';

/**
 * The Nest side of an authority: the login interaction, health and home page. oidc-provider
 * itself is not a Nest controller; `startAuthority` mounts it in front of Nest's router.
 *
 * @example
 * ```ts
 * const app = await NestFactory.create(AuthorityAppModule.forRuntime(runtime));
 * ```
 */
@Module({})
export class AuthorityAppModule {
  /** The module for one authority's runtime. */
  static forRuntime(runtime: AuthorityRuntime): DynamicModule {
    return {
      module: AuthorityAppModule,
      controllers: [InteractionController, HealthController, HomeController],
      providers: [{ provide: AUTHORITY_RUNTIME, useValue: runtime }],
    };
  }
}
