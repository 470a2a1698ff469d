import { scopeRequirement, type ScopeRequirement } from '@baton/core';

/** Metadata key under which scope requirements are stored (an array, one per decorator). */
export const SCOPE_REQUIREMENTS = Symbol('baton:scope-requirements');

/**
 * Requires the access token to carry every scope listed (Z4). On a controller it applies to
 * all its routes; on a handler it adds to the controller's: both must hold. Several
 * decorators on one target add up too.
 *
 * Not built with `Reflector.createDecorator`, on purpose: that keeps one value per target,
 * and requirements here must accumulate.
 *
 * @throws TypeError at start-up when no scope is given or a scope name is not valid (RFC 6749 §3.3).
 * @example
 * ```ts
 * @Get() @RequireScope('eventcatalog.read') list() { … }
 * ```
 */
export function RequireScope(...scopes: string[]): ClassDecorator & MethodDecorator {
  return addRequirement(scopeRequirement(nonEmpty(scopes, 'RequireScope'), 'all'));
}

/**
 * Requires the access token to carry at least one of the scopes listed.
 *
 * @example
 * ```ts
 * @Get(':id') @RequireAnyScope('eventcatalog.read', 'eventcatalog.write') get() { … }
 * ```
 */
export function RequireAnyScope(...scopes: string[]): ClassDecorator & MethodDecorator {
  return addRequirement(scopeRequirement(nonEmpty(scopes, 'RequireAnyScope'), 'any'));
}

/** The requirements declared directly on `target` (a controller class or a handler). */
export function getScopeRequirements(target: object): readonly ScopeRequirement[] {
  return (Reflect.getMetadata(SCOPE_REQUIREMENTS, target) as ScopeRequirement[] | undefined) ?? [];
}

function nonEmpty(scopes: string[], decorator: string): string[] {
  if (scopes.length === 0) throw new TypeError(`@${decorator}() needs at least one scope, e.g. @${decorator}('eventcatalog.read'); use @Public() for open routes.`);
  return scopes;
}

function addRequirement(requirement: ScopeRequirement): ClassDecorator & MethodDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder: object = descriptor?.value ?? target;
    Reflect.defineMetadata(SCOPE_REQUIREMENTS, [...getScopeRequirements(holder), requirement], holder);
  };
}
