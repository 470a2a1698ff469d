import { getScopeRequirements, RequireAnyScope, RequireScope } from './require-scope.decorator.js';

@RequireScope('a')
class Decorated {
  @RequireScope('b') @RequireScope('c', 'c') stacked() {}

  @RequireAnyScope('x', 'y') either() {}

  plain() {}
}

describe('RequireScope / RequireAnyScope', () => {
  it('Z4: a class requirement is kept on the class, method requirements on the handler', () => {
    expect(getScopeRequirements(Decorated)).toEqual([{ scopes: ['a'], mode: 'all' }]);
    expect(getScopeRequirements(Decorated.prototype.either)).toEqual([{ scopes: ['x', 'y'], mode: 'any' }]);
  });

  it('Z4: several decorators on one handler add up (duplicates within one are merged)', () => {
    expect(getScopeRequirements(Decorated.prototype.stacked)).toEqual([
      { scopes: ['c'], mode: 'all' },
      { scopes: ['b'], mode: 'all' },
    ]);
  });

  it('Z5: an undecorated handler has no requirement of its own', () => {
    expect(getScopeRequirements(Decorated.prototype.plain)).toEqual([]);
  });

  it('Z5: no scope at all is a TypeError pointing to @Public() for open routes', () => {
    expect(() => RequireScope()).toThrow(new TypeError("@RequireScope() needs at least one scope, e.g. @RequireScope('eventcatalog.read'); use @Public() for open routes."));
    expect(() => RequireAnyScope()).toThrow(TypeError);
  });

  it.each([
    ['a space', 'read write'],
    ['a quote', 'read"'],
    ['a backslash', 'read\\'],
    ['CR/LF', 'read\r\nX-Injected: 1'],
    ['an empty name', ''],
    ['a non-ASCII letter', 'lecture.é'],
  ])('Z6: a scope name with %s is refused at start-up, so it can never reach the challenge', (_name, scope) => {
    expect(() => RequireScope(scope)).toThrow(TypeError);
    expect(() => RequireAnyScope('read', scope)).toThrow(TypeError);
  });
});
