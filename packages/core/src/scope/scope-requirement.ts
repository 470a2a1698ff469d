import { InsufficientScopeError } from '../errors/insufficient-scope.error.js';

/** Scopes a route requires: all of them (default) or any one of them. */
export interface ScopeRequirement {
  readonly scopes: readonly string[];
  readonly mode: 'all' | 'any';
}

/** RFC 6749 §3.3 scope-token: 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Builds a requirement, refusing scope names that RFC 6749 §3.3 does not allow (spaces,
 * quotes, backslashes, control characters): such a name could never be granted and would
 * corrupt the `WWW-Authenticate` challenge.
 *
 * @throws TypeError naming the bad scope.
 * @example
 * ```ts
 * const canRead = scopeRequirement(['eventcatalog.read']);
 * const readOrWrite = scopeRequirement(['eventcatalog.read', 'eventcatalog.write'], 'any');
 * ```
 */
export function scopeRequirement(scopes: readonly string[], mode: 'all' | 'any' = 'all'): ScopeRequirement {
  if (mode !== 'all' && mode !== 'any') throw new TypeError(`Scope mode must be "all" or "any", got ${JSON.stringify(mode)}.`);
  for (const scope of scopes) {
    if (typeof scope !== 'string' || !SCOPE_TOKEN.test(scope)) {
      throw new TypeError(`Invalid scope ${JSON.stringify(scope)}: a scope is one or more visible ASCII characters, without space, quote or backslash (RFC 6749 §3.3).`);
    }
  }
  return Object.freeze({ scopes: Object.freeze([...new Set(scopes)]), mode });
}

/**
 * True when `granted` satisfies `requirement`. Scopes are compared as whole values,
 * case-sensitively (Z4): `read` is not satisfied by `readonly` nor by `Read`.
 * An empty requirement is always satisfied.
 */
export function hasRequiredScopes(granted: ReadonlySet<string>, requirement: ScopeRequirement): boolean {
  const { scopes } = requirement;
  if (scopes.length === 0) return true;
  if (requirement.mode === 'any') return scopes.some((scope) => granted.has(scope));
  return scopes.every((scope) => granted.has(scope));
}

/**
 * Throws {@link InsufficientScopeError} (403, `scope="…"`) unless `granted` satisfies every
 * requirement given. Several requirements (class and method) must all hold.
 */
export function assertScopes(granted: ReadonlySet<string>, requirements: readonly ScopeRequirement[]): void {
  for (const requirement of requirements) {
    if (!hasRequiredScopes(granted, requirement)) {
      throw new InsufficientScopeError(requirement.scopes, requirement.mode);
    }
  }
}
