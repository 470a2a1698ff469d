/**
 * @baton/nest: NestJS resource-server security on top of @baton/core.
 *
 * @packageDocumentation
 */
export { AudienceGuard, type AuthenticatedRequest } from './audience.guard.js';
export type { AuthModuleOptions } from './auth-module-options.js';
export { AUTH_MODULE_OPTIONS, type AuthModuleExtras } from './auth.module-definition.js';
export { AuthModule } from './auth.module.js';
export { applyScopeSecurity, type OpenApiDocumentLike, type OpenApiOperationLike, type OpenApiPathItemLike, type OpenApiSecuritySchemeLike, type ScopeSecurityOptions, type SecurityRequirementLike } from './openapi/index.js';
export { BatonExceptionFilter } from './baton-exception.filter.js';
export { BatonBearerStrategy, JwtStrategy } from './baton-passport.strategy.js';
export { Principal } from './principal.decorator.js';
export { Public } from './public.decorator.js';
export { getScopeRequirements, RequireAnyScope, RequireScope } from './require-scope.decorator.js';
export { ScopeGuard } from './scope.guard.js';
export { StrictRoutesCheck } from './strict-routes.check.js';
export { DOWNSTREAM_TOKEN_SOURCE } from './on-behalf-of/on-behalf-of.constants.js';
export { DownstreamClient } from './on-behalf-of/downstream.client.js';
export { DownstreamForbiddenError } from './on-behalf-of/downstream-forbidden.error.js';
export { DownstreamTokenRejectedError } from './on-behalf-of/downstream-token-rejected.error.js';
export type { DownstreamTokenSource } from './on-behalf-of/downstream-token-source.js';
export { DownstreamUnavailableError, type DownstreamUnavailableReason } from './on-behalf-of/downstream-unavailable.error.js';
export { InboundTokenForwardedError } from './on-behalf-of/inbound-token-forwarded.error.js';
export { MissingSubjectTokenError } from './on-behalf-of/missing-subject-token.error.js';
export { OnBehalfOfContext, type InboundCredentials } from './on-behalf-of/on-behalf-of.context.js';
export { OnBehalfOfContextInterceptor } from './on-behalf-of/on-behalf-of-context.interceptor.js';
export { OnBehalfOfHttpInterceptor } from './on-behalf-of/on-behalf-of-http.interceptor.js';
export type { DownstreamOptions, DownstreamResilienceOptions, OnBehalfOfModuleOptions } from './on-behalf-of/on-behalf-of-module-options.js';
export { ON_BEHALF_OF_MODULE_OPTIONS, type OnBehalfOfModuleExtras } from './on-behalf-of/on-behalf-of.module-definition.js';
export { OnBehalfOfModule } from './on-behalf-of/on-behalf-of.module.js';
