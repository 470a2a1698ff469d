import { InsufficientScopeError } from '../errors/insufficient-scope.error.js';
import { assertScopes, hasRequiredScopes, scopeRequirement } from './scope-requirement.js';

const granted = (...scopes: string[]): ReadonlySet<string> => new Set(scopes);

function insufficientScopeOf(run: () => void): { code: string; status: number; error: string; mode: string; wwwAuthenticate: string | undefined } {
  try {
    run();
  } catch (error) {
    if (!(error instanceof InsufficientScopeError)) throw error;
    return { code: error.code, status: error.status, error: error.error, mode: error.mode, wwwAuthenticate: error.wwwAuthenticate() };
  }
  throw new Error('expected an InsufficientScopeError');
}

describe('scopeRequirement', () => {
  it('Z4: defaults to all-of mode and keeps the scopes in order', () => {
    expect(scopeRequirement(['eventcatalog.read', 'eventcatalog.write'])).toEqual({
      scopes: ['eventcatalog.read', 'eventcatalog.write'],
      mode: 'all',
    });
  });

  it('Z4: removes duplicate scopes', () => {
    expect(scopeRequirement(['read', 'write', 'read'], 'any').scopes).toEqual(['read', 'write']);
  });

  it('Z4: returns a frozen requirement that callers cannot widen later', () => {
    const requirement = scopeRequirement(['read']);

    expect(Object.isFrozen(requirement)).toBe(true);
    expect(Object.isFrozen(requirement.scopes)).toBe(true);
  });

  it('Z4: does not share the caller array (mutating it later changes nothing)', () => {
    const scopes = ['read'];
    const requirement = scopeRequirement(scopes);
    scopes.push('admin');

    expect(requirement.scopes).toEqual(['read']);
  });

  it.each([
    ['URN-style', 'urn:example:api:read'],
    ['URL-style', 'https://api.example.com/read'],
    ['every allowed punctuation', "!#$%&'()*+,-./:;<=>?@[]^_`{|}~"],
  ])('Z4: accepts %s scope names', (_name, scope) => {
    expect(scopeRequirement([scope]).scopes).toEqual([scope]);
  });

  it.each([
    ['a space', 'read write'],
    ['a double quote', 'read"'],
    ['a backslash', 'read\\write'],
    ['CR LF', 'read\r\nX-Injected: 1'],
    ['a lone LF', 'read\n'],
    ['a tab', 'read\twrite'],
    ['NUL', 'read\0'],
    ['DEL', 'read\u007f'],
    ['non-ASCII', 'lecture\u00e9'],
    ['nothing (empty string)', ''],
  ])('Z6: refuses a scope name with %s (TypeError naming it)', (_name, scope) => {
    expect(() => scopeRequirement([scope])).toThrow(TypeError);
    expect(() => scopeRequirement([scope])).toThrow(`Invalid scope ${JSON.stringify(scope)}`);
  });

  it('Z6: refuses the hostile name even among valid ones', () => {
    expect(() => scopeRequirement(['read', 'a"b\r\nX: y'])).toThrow(TypeError);
  });

  it.each<[string, unknown]>([
    ['a number', 42],
    ['null', null],
    ['an object', { toString: () => 'read' }],
  ])('Z4: refuses %s as a scope name', (_name, scope) => {
    expect(() => scopeRequirement([scope as string])).toThrow(TypeError);
  });

  it.each(['some', 'ALL', ''])('Z4: refuses mode %j', (mode) => {
    expect(() => scopeRequirement(['read'], mode as 'all')).toThrow(new TypeError(`Scope mode must be "all" or "any", got ${JSON.stringify(mode)}.`));
  });
});

describe('hasRequiredScopes', () => {
  it.each<[string, string[], string[], boolean]>([
    ['exact match', ['read'], ['read'], true],
    ['one of several granted', ['read'], ['write', 'read', 'admin'], true],
    ['"readonly" does not satisfy "read"', ['read'], ['readonly'], false],
    ['"read" does not satisfy "readonly"', ['readonly'], ['read'], false],
    ['a prefix does not satisfy', ['eventcatalog.read'], ['eventcatalog'], false],
    ['a longer name does not satisfy', ['eventcatalog'], ['eventcatalog.read'], false],
    ['"Read" (case differs) does not satisfy "read"', ['read'], ['Read'], false],
    ['"READ" does not satisfy "read"', ['read'], ['READ'], false],
    ['a whole "read write" string is not two scopes', ['read'], ['read write'], false],
    ['nothing granted', ['read'], [], false],
    ['all of two, both granted', ['read', 'write'], ['write', 'read'], true],
    ['all of two, one missing', ['read', 'write'], ['read'], false],
  ])('Z4: all-of, %s', (_name, required, scopes, expected) => {
    expect(hasRequiredScopes(granted(...scopes), scopeRequirement(required))).toBe(expected);
  });

  it.each<[string, string[], string[], boolean]>([
    ['first one granted', ['read', 'write'], ['read'], true],
    ['second one granted', ['read', 'write'], ['write'], true],
    ['none granted', ['read', 'write'], ['admin'], false],
    ['only look-alikes granted', ['read', 'write'], ['readonly', 'Write'], false],
    ['nothing granted', ['read'], [], false],
  ])('Z4: any-of, %s', (_name, required, scopes, expected) => {
    expect(hasRequiredScopes(granted(...scopes), scopeRequirement(required, 'any'))).toBe(expected);
  });

  it.each(['all', 'any'] as const)('Z4: an empty requirement (%s) is always satisfied', (mode) => {
    expect(hasRequiredScopes(granted(), scopeRequirement([], mode))).toBe(true);
  });
});

describe('assertScopes', () => {
  it('Z4: passes when every requirement holds', () => {
    expect(() =>
      assertScopes(granted('read', 'write'), [scopeRequirement(['read']), scopeRequirement(['write', 'admin'], 'any')]),
    ).not.toThrow();
  });

  it('Z4: passes with no requirement at all', () => {
    expect(() => assertScopes(granted(), [])).not.toThrow();
  });

  it('Z4: "readonly" granted, "read" required → 403 insufficient_scope with scope="read"', () => {
    expect(insufficientScopeOf(() => assertScopes(granted('readonly'), [scopeRequirement(['read'])]))).toEqual({
      code: 'ERR_INSUFFICIENT_SCOPE',
      status: 403,
      error: 'insufficient_scope',
      mode: 'all',
      wwwAuthenticate: 'Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="read"',
    });
  });

  it('Z4: names all required scopes of the failing requirement, even those granted', () => {
    expect(insufficientScopeOf(() => assertScopes(granted('read'), [scopeRequirement(['read', 'write'])]))).toEqual({
      code: 'ERR_INSUFFICIENT_SCOPE',
      status: 403,
      error: 'insufficient_scope',
      mode: 'all',
      wwwAuthenticate: 'Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="read write"',
    });
  });

  it('Z4: any-of failure says so and lists the accepted scopes', () => {
    expect(insufficientScopeOf(() => assertScopes(granted('admin'), [scopeRequirement(['read', 'write'], 'any')]))).toEqual({
      code: 'ERR_INSUFFICIENT_SCOPE',
      status: 403,
      error: 'insufficient_scope',
      mode: 'any',
      wwwAuthenticate: 'Bearer error="insufficient_scope", error_description="The access token has none of the accepted scopes", scope="read write"',
    });
  });

  it('Z4: class and method requirements must both hold; the first failing one is reported', () => {
    const classLevel = scopeRequirement(['eventcatalog.read']);
    const methodLevel = scopeRequirement(['eventcatalog.write']);

    expect(insufficientScopeOf(() => assertScopes(granted('eventcatalog.read'), [classLevel, methodLevel])).wwwAuthenticate).toBe(
      'Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="eventcatalog.write"',
    );
    expect(insufficientScopeOf(() => assertScopes(granted(), [classLevel, methodLevel])).wwwAuthenticate).toBe(
      'Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="eventcatalog.read"',
    );
  });

  it('Z4: case matters in the challenge too: "Read" granted, "read" required', () => {
    expect(() => assertScopes(granted('Read'), [scopeRequirement(['read'])])).toThrow(InsufficientScopeError);
  });
});
