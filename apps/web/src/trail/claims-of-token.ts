import { pickTrailClaims } from './pick-trail-claims.js';
import type { TrailClaims } from './trail-claims.js';

/**
 * The trail claims of one of the storefront's own access tokens, read from its payload.
 *
 * The signature is not checked: the storefront received this token from the authority over the
 * back channel and only shows what it says; the APIs verify it. A token that is not a JWT gives
 * no claims.
 *
 * @example
 * ```ts
 * const claims = claimsOfToken(accessToken); // { aud: 'shoppingbasket', sub: 'alice', ... }
 * ```
 */
export function claimsOfToken(token: string): TrailClaims {
  const payload = token.split('.')[1];
  if (payload === undefined) return {};
  try {
    return pickTrailClaims(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return {};
  }
}
