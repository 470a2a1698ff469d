import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { checkWebConfig } from './config/check-web-config.js';
import type { WebConfig } from './config/web-config.js';
import { configureWebApp } from './configure-web-app.js';
import { WebModule } from './web.module.js';

/** Options of {@link createWebApp} that are not storefront configuration. */
export interface CreateWebAppOptions {
  /** Nest's log levels, or `false` to silence it (tests). Default: Nest's console logger. */
  readonly logger?: false | Array<'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal'>;
}

/**
 * Creates the storefront (not listening yet) after checking its configuration.
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
  return configureWebApp(app, config);
}
