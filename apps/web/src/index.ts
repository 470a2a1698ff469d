/**
 * @baton-demo/web: the GloboTicket storefront, a server-rendered BFF of the demo authority.
 *
 * @packageDocumentation
 */
export { createWebApp, type CreateWebAppOptions } from './create-web-app.js';
export { configureWebApp } from './configure-web-app.js';
export { WebModule } from './web.module.js';
export type { ApiTokenRequest, StorefrontApi, WebConfig } from './config/web-config.js';
export { checkWebConfig } from './config/check-web-config.js';
export { DEMO_RESOURCES, webConfigFromEnvironment } from './config/web-config-from-environment.js';
export type { TokenTrail, TrailHop } from './trail/token-trail.js';
export type { TrailActor, TrailClaims } from './trail/trail-claims.js';
