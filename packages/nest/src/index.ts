/**
 * @baton/nest: NestJS resource-server security on top of @baton/core.
 *
 * @packageDocumentation
 */
export { AudienceGuard, type AuthenticatedRequest } from './audience.guard.js';
export type { AuthModuleOptions } from './auth-module-options.js';
export { AUTH_MODULE_OPTIONS, type AuthModuleExtras } from './auth.module-definition.js';
export { AuthModule } from './auth.module.js';
export { BatonExceptionFilter } from './baton-exception.filter.js';
export { BatonBearerStrategy, JwtStrategy } from './baton-passport.strategy.js';
export { Principal } from './principal.decorator.js';
export { Public } from './public.decorator.js';
export { getScopeRequirements, RequireAnyScope, RequireScope } from './require-scope.decorator.js';
export { ScopeGuard } from './scope.guard.js';
export { StrictRoutesCheck } from './strict-routes.check.js';
