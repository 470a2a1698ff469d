import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import session from 'express-session';
import { SESSION_COOKIE } from './auth/auth.controller.js';
import { checkWebConfig } from './config/check-web-config.js';
import type { WebConfig } from './config/web-config.js';
import { StorefrontExceptionFilter } from './errors/storefront-exception.filter.js';
import { securityHeaders } from './security-headers.middleware.js';
import { WebModule } from './web.module.js';

/** Options of {@link createWebApp} that are not storefront configuration. */
export interface CreateWebAppOptions {
  /** Nest's logger setting; `false` silences it (tests). Default: Nest's console logger. */
  readonly logger?: false | Array<'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal'>;
}

/**
 * Creates the storefront (not listening yet): the Nest app with its session cookie (httpOnly,
 * SameSite=Lax, signed with `sessionSecret`), security headers and error pages.
 *
 * Sessions live in express-session's memory store: the demo runs one storefront process, and a
 * restart only means signing in again. A deployment with several instances gives it a shared store.
 *
 * @example
 * ```ts
 * const app = await createWebApp(webConfigFromEnvironment());
 * await app.listen(3000);
 * ```
 */
export async function createWebApp(config: WebConfig, options: CreateWebAppOptions = {}): Promise<NestExpressApplication> {
  checkWebConfig(config);
  const app = await NestFactory.create<NestExpressApplication>(WebModule.forRoot(config), {
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  app.disable('x-powered-by');
  app.use(securityHeaders);
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
