import type { AddressInfo } from 'node:net';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AuthModule, RequireScope, type AuthModuleOptions } from '@baton/nest';

/** The adapters the figures run on. */
export type AdapterName = 'express' | 'fastify';

@Controller('events')
class EventsController {
  @Get()
  @RequireScope('eventcatalog.read')
  list(): { events: string[] } {
    return { events: ['Sinfonia'] };
  }
}

/** A guarded service like the demo's eventcatalog, on 127.0.0.1 and a free port. */
export async function startGuardedApp(adapter: AdapterName, auth: AuthModuleOptions): Promise<{ app: INestApplication; url: string }> {
  @Module({ imports: [AuthModule.forRoot(auth)], controllers: [EventsController] })
  class GuardedAppModule {}

  const app = await NestFactory.create(GuardedAppModule, adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}/events` };
}
