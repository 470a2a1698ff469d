import type { NestExpressApplication } from '@nestjs/platform-express';
import session from 'express-session';
import { SESSION_COOKIE } from './auth/auth.controller.js';
import type { WebConfig } from './config/web-config.js';
import { StorefrontExceptionFilter } from './errors/storefront-exception.filter.js';
import { securityHeaders } from './security-headers.middleware.js';

/**
 * Installs what every storefront app needs around its module: the session cookie (httpOnly,
 * SameSite=Lax, signed with `sessionSecret`), the security headers and the error pages.
 * `createWebApp` calls it; tests that replace providers call it on their own app.
 *
 * Sessions live in express-session's memory store: the demo runs one storefront process, and a
 * restart only means signing in again. Several instances would need a shared store.
 *
 * @example
 * ```ts
 * const app = moduleRef.createNestApplication<NestExpressApplication>();
 * configureWebApp(app, config);
 * ```
 */
export function configureWebApp(app: NestExpressApplication, config: WebConfig): NestExpressApplication {
  app.disable('x-powered-by');
  app.use(securityHeaders(new URL(config.authorityUrl).origin));
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: config.sessionSecret,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.webUrl.startsWith('https:'), path: '/', maxAge: 8 * 60 * 60 * 1000 },
    }),
  );
  app.useGlobalFilters(new StorefrontExceptionFilter());
  return app;
}
