import { assertScopes, MissingTokenError } from '@baton/core';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './audience.guard.js';
import { RouteAuthPolicyCache } from './route-auth-policy.js';

/**
 * The scope guard: runs after the audience guard and checks the principal's scopes against
 * the route's `@RequireScope` / `@RequireAnyScope` (controller and handler, all must hold).
 * A missing scope is a 403 `insufficient_scope` naming the scopes needed (Z4).
 */
@Injectable()
export class ScopeGuard implements CanActivate {
  constructor(protected readonly policies: RouteAuthPolicyCache) {}

  canActivate(context: ExecutionContext): boolean {
    const policy = this.policies.get(context.getClass(), context.getHandler());
    if (policy.isPublic || policy.requirements.length === 0) return true;
    const principal = this.getRequest(context).user;
    // Only reachable when the audience guard was removed or overridden: stay fail-closed.
    if (principal === undefined) throw new MissingTokenError();
    assertScopes(principal.scopes, policy.requirements);
    return true;
  }

  /** The request whose `user` holds the principal. */
  protected getRequest(context: ExecutionContext): AuthenticatedRequest {
    // What switchToHttp().getRequest() returns, without the closures it builds on every call.
    return context.getArgByIndex<AuthenticatedRequest>(0);
  }
}
