import { Inject, Injectable, RequestMethod, type OnModuleInit } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { AuthModuleOptions } from './auth-module-options.js';
import { AUTH_MODULE_OPTIONS } from './auth.module-definition.js';
import { readRouteAuthPolicy } from './route-auth-policy.js';

/**
 * With `strict: true`, stops the application at start-up when any route has neither a scope
 * requirement nor `@Public()` (Z5), and lists those routes so they can be fixed at once.
 */
@Injectable()
export class StrictRoutesCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(AUTH_MODULE_OPTIONS) private readonly options: AuthModuleOptions,
  ) {}

  onModuleInit(): void {
    if (this.options.strict !== true) return;
    const unguarded = this.findRoutesWithoutPolicy();
    if (unguarded.length > 0) {
      throw new Error(
        `AuthModule strict mode: ${unguarded.length} route(s) have neither @RequireScope nor @Public(). ` +
          `Decorate each one (or its controller):\n${unguarded.map((route) => `  - ${route}`).join('\n')}`,
      );
    }
  }

  /** Routes as `GET /events → EventsController.list`. */
  findRoutesWithoutPolicy(): string[] {
    const found: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => object) | undefined;
      if (!controller || !wrapper.instance) continue;
      const prototype = Object.getPrototypeOf(wrapper.instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as object;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (path === undefined) continue;
        const policy = readRouteAuthPolicy(this.reflector, controller, handler);
        if (policy.isPublic || policy.requirements.length > 0) continue;
        const method = RequestMethod[(Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined) ?? RequestMethod.GET];
        const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined) ?? '';
        found.push(`${method} ${joinPath(base, path)} → ${controller.name}.${name}`);
      }
    }
    return found;
  }
}

function joinPath(base: string | string[], path: string | string[]): string {
  const first = (value: string | string[]) => (Array.isArray(value) ? (value[0] ?? '') : value);
  return `/${[first(base), first(path)].map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
}
