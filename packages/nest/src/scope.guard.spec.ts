import { InsufficientScopeError, MissingTokenError, type Principal } from '@baton/core';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { Public } from './public.decorator.js';
import { RequireAnyScope, RequireScope } from './require-scope.decorator.js';
import { RouteAuthPolicyCache } from './route-auth-policy.js';
import { ScopeGuard } from './scope.guard.js';

@RequireScope('read')
class EventsController {
  list() {}

  @RequireAnyScope('write', 'admin') change() {}

  @Public() health() {}
}

class UndecoratedController {
  route() {}
}

function principalWith(...scopes: string[]): Principal {
  return { subject: 'user-1', clientId: 'web', scopes: new Set(scopes), audience: ['eventcatalog'], issuer: 'https://auth.example.com', expiresAt: 0, tokenId: undefined, actor: undefined, claims: {} };
}

function contextFor(controller: object, handler: object, user?: Principal): ExecutionContextHost {
  return new ExecutionContextHost([{ headers: {}, user }, {}], controller as never, handler as never);
}

describe('ScopeGuard', () => {
  const guard = new ScopeGuard(new RouteAuthPolicyCache(new Reflector()));

  it('Z4: lets a principal with every required scope through', () => {
    expect(guard.canActivate(contextFor(EventsController, EventsController.prototype.change, principalWith('read', 'admin')))).toBe(true);
  });

  it('Z4: throws InsufficientScopeError naming the first requirement not met', () => {
    const check = () => guard.canActivate(contextFor(EventsController, EventsController.prototype.change, principalWith('read', 'readonly')));
    expect(check).toThrow(InsufficientScopeError);
    try {
      check();
    } catch (error) {
      expect((error as InsufficientScopeError).requiredScopes).toEqual(['write', 'admin']);
      expect((error as InsufficientScopeError).mode).toBe('any');
    }
  });

  it('Z5: stays fail-closed when no principal was attached (the audience guard removed or overridden)', () => {
    expect(() => guard.canActivate(contextFor(EventsController, EventsController.prototype.list))).toThrow(MissingTokenError);
  });

  it('Z5: public routes and routes without requirements are left to the audience guard', () => {
    expect(guard.canActivate(contextFor(EventsController, EventsController.prototype.health))).toBe(true);
    expect(guard.canActivate(contextFor(UndecoratedController, UndecoratedController.prototype.route))).toBe(true);
  });
});
