import type { RouteAuthPolicy } from '../route-auth-policy.js';
import type { SecurityRequirementLike } from './openapi-document-like.js';

/** More alternatives than this means the decorators are being misused; refuse rather than blow up the document. */
const MAX_ALTERNATIVES = 64;

/**
 * The OpenAPI `security` value that says what a route asks of its caller.
 *
 * - `@Public()` → `[]`: no credentials (it also overrides any document-wide requirement).
 * - `@RequireScope('a', 'b')` (and every "all" requirement of controller and handler) → one
 *   entry naming every scope: `[{ oauth2: ['a', 'b'] }]`.
 * - `@RequireAnyScope('x', 'y')` → one alternative per scope, each with the "all" scopes:
 *   `[{ oauth2: ['a', 'x'] }, { oauth2: ['a', 'y'] }]`.
 * - a protected route without scopes (non-strict mode) → `[{ oauth2: [] }]`: a token is needed.
 */
export function securityRequirementsOf(policy: RouteAuthPolicy, schemeName: string): SecurityRequirementLike[] {
  if (policy.isPublic) return [];
  let alternatives: string[][] = [[]];
  for (const requirement of policy.requirements) {
    if (requirement.mode === 'all') {
      alternatives = alternatives.map((scopes) => [...scopes, ...requirement.scopes]);
    } else if (requirement.scopes.length > 0) {
      alternatives = alternatives.flatMap((scopes) => requirement.scopes.map((scope) => [...scopes, scope]));
    }
    if (alternatives.length > MAX_ALTERNATIVES) {
      throw new TypeError(`A route combines @RequireAnyScope requirements into more than ${MAX_ALTERNATIVES} alternatives; simplify its scope requirements.`);
    }
  }
  return minimal(alternatives.map((scopes) => [...new Set(scopes)])).map((scopes) => ({ [schemeName]: scopes }));
}

/** Drops alternatives that repeat another or ask for more than another one does. */
function minimal(alternatives: string[][]): string[][] {
  const covers = (smaller: string[], larger: string[]) => smaller.every((scope) => larger.includes(scope));
  return alternatives.filter((scopes, index) =>
    alternatives.every((other, otherIndex) => {
      if (otherIndex === index || !covers(other, scopes)) return true;
      // `other` needs no more than `scopes`: keep `scopes` only if they are the same set and it comes first.
      return covers(scopes, other) && index < otherIndex;
    }),
  );
}
