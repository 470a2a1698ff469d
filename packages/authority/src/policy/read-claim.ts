import type { ClaimPath } from './scope-condition.js';

/**
 * The value at `path` in `claims`, or `undefined`. Only own members of plain objects are read,
 * so a path such as `constructor` or `__proto__` never reaches a prototype.
 */
export function readClaim(claims: Readonly<Record<string, unknown>>, path: ClaimPath): unknown {
  const names = typeof path === 'string' ? [path] : path;
  let value: unknown = claims;
  for (const name of names) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, name)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}
