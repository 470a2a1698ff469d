import type { DynamicModule, INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { setupDemoDocs } from '../openapi/setup-demo-docs.js';
import type { DemoServiceConfig } from './demo-service-config.js';
import { DEMO_SERVICE_CONFIG, DEMO_SERVICE_OPTIONS } from './demo-service.tokens.js';
import type { DemoServiceOptions } from './demo-service-options.js';

/** Options of {@link startDemoService}. */
export interface StartDemoServiceOptions {
  /** Nest's logger: a `LoggerService`, the levels to print, or `false` for none. Default: Nest's console logger. */
  logger?: LoggerService | LogLevel[] | false;
}

/**
 * Boots a demo service on express: creates the application from its root module (which
 * imports `DemoServiceModule`), publishes the OpenAPI docs, closes cleanly on SIGINT/SIGTERM
 * (the database is flushed), and listens on the configured host and port. `port: 0` picks a
 * free port (tests): read it back with `app.getUrl()`.
 *
 * @example
 * ```ts
 * // apps/discount/src/main.ts
 * const config = demoServiceConfig('discount');
 * const app = await startDemoService(DiscountModule.forRoot(config));
 * console.log(`discount listening on ${await app.getUrl()}`);
 * ```
 */
export async function startDemoService(rootModule: DynamicModule, options: StartDemoServiceOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create(rootModule, new ExpressAdapter(), {
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    abortOnError: false,
  });
  try {
    const config = app.get<DemoServiceConfig>(DEMO_SERVICE_CONFIG);
    const serviceOptions = app.get<DemoServiceOptions>(DEMO_SERVICE_OPTIONS);
    (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
    app.enableShutdownHooks();
    setupDemoDocs(app, config, serviceOptions);
    if (config.host === undefined) await app.listen(config.port);
    else await app.listen(config.port, config.host);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
