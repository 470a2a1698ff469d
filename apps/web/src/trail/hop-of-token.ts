import { claimsOfToken } from './claims-of-token.js';
import type { TrailHop } from './token-trail.js';

/**
 * The trail hop of a token the storefront sent to an API: its claims, never the token.
 *
 * @example
 * ```ts
 * hopOfToken('shoppingbasket', accessToken); // { from: 'web', to: 'shoppingbasket', claims: {…} }
 * ```
 */
export function hopOfToken(to: string, accessToken: string, obtainedBy = `the storefront's own token for ${to}, from the authority`): TrailHop {
  return { from: 'web', to, obtainedBy, claims: claimsOfToken(accessToken) };
}
