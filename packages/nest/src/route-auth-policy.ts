import type { ScopeRequirement } from '@baton/core';
import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Public } from './public.decorator.js';
import { getScopeRequirements } from './require-scope.decorator.js';

/** What a route asks of its caller, read once from its decorators. */
export interface RouteAuthPolicy {
  readonly isPublic: boolean;
  /** Controller requirements first, then the handler's; all must hold. */
  readonly requirements: readonly ScopeRequirement[];
}

/**
 * Reads a route's policy from the controller class and the handler.
 *
 * Fail-closed when the two disagree: `@Public()` on a controller opens only the handlers that
 * declare no scope of their own; a handler with `@RequireScope` stays protected. `@Public()`
 * on the handler itself always opens it.
 */
export function readRouteAuthPolicy(reflector: Reflector, controller: object, handler: object): RouteAuthPolicy {
  const handlerRequirements = getScopeRequirements(handler);
  const isPublic =
    reflector.get(Public, handler as () => void) === true ||
    (reflector.get(Public, controller as () => void) === true && handlerRequirements.length === 0);
  return { isPublic, requirements: [...getScopeRequirements(controller), ...handlerRequirements] };
}

/**
 * Memoises route policies: decorators cannot change after start-up, so each guard reads the
 * metadata of a route once instead of on every request.
 */
@Injectable()
export class RouteAuthPolicyCache {
  private readonly byController = new WeakMap<object, WeakMap<object, RouteAuthPolicy>>();

  constructor(private readonly reflector: Reflector) {}

  get(controller: object, handler: object): RouteAuthPolicy {
    let byHandler = this.byController.get(controller);
    if (byHandler === undefined) {
      byHandler = new WeakMap();
      this.byController.set(controller, byHandler);
    }
    let policy = byHandler.get(handler);
    if (policy === undefined) {
      policy = readRouteAuthPolicy(this.reflector, controller, handler);
      byHandler.set(handler, policy);
    }
    return policy;
  }
}
