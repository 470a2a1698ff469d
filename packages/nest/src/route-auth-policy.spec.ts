import { Reflector } from '@nestjs/core';
import { Public } from './public.decorator.js';
import { RequireScope } from './require-scope.decorator.js';
import { readRouteAuthPolicy, RouteAuthPolicyCache } from './route-auth-policy.js';

@RequireScope('a')
class ScopedController {
  @RequireScope('b') both() {}

  @Public() open() {}

  plain() {}
}

@Public()
class PublicController {
  route() {}
}

describe('route auth policy', () => {
  const reflector = new Reflector();

  it('Z4: controller requirements come first, then the handler\'s; all must hold', () => {
    expect(readRouteAuthPolicy(reflector, ScopedController, ScopedController.prototype.both)).toEqual({
      isPublic: false,
      requirements: [
        { scopes: ['a'], mode: 'all' },
        { scopes: ['b'], mode: 'all' },
      ],
    });
  });

  it('Z5: @Public() on a handler or on its controller makes the route public', () => {
    expect(readRouteAuthPolicy(reflector, ScopedController, ScopedController.prototype.open).isPublic).toBe(true);
    expect(readRouteAuthPolicy(reflector, PublicController, PublicController.prototype.route).isPublic).toBe(true);
    expect(readRouteAuthPolicy(reflector, ScopedController, ScopedController.prototype.plain).isPublic).toBe(false);
  });

  it('Z5: the cache reads a route\'s metadata once and keeps routes apart', () => {
    const cache = new RouteAuthPolicyCache(reflector);
    const read = jest.spyOn(reflector, 'get');
    const first = cache.get(ScopedController, ScopedController.prototype.both);
    expect(cache.get(ScopedController, ScopedController.prototype.both)).toBe(first);
    const readsForFirstRoute = read.mock.calls.length;
    expect(readsForFirstRoute).toBeGreaterThan(0);
    cache.get(ScopedController, ScopedController.prototype.both);
    expect(read).toHaveBeenCalledTimes(readsForFirstRoute);
    expect(cache.get(ScopedController, ScopedController.prototype.open)).not.toBe(first);
    expect(cache.get(ScopedController, ScopedController.prototype.open).isPublic).toBe(true);
  });
});
