import { checkName } from './policy-checks.js';
import type { ClaimPath } from './scope-condition.js';

/** A claim name, or a non-empty list of member names into nested objects. */
export function checkClaimPath(value: unknown, path: string): ClaimPath {
  if (typeof value === 'string') return checkName(value, path, 'a claim name such as "department"');
  if (Array.isArray(value) && value.length > 0) {
    return value.map((name: unknown, index: number) => checkName(name, `${path}[${index}]`, 'a member name'));
  }
  throw new TypeError(`\`${path}\` must be a claim name such as "department", or a path into nested claims such as ["realm_access", "roles"].`);
}
