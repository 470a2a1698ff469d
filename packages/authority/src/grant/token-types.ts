/**
 * RFC 8693 §3 token type identifiers. The grant accepts `accessToken` and `jwt` as
 * `subject_token_type` and `actor_token_type` (both must be JWTs it can verify offline with the
 * issuer's JWKS), and issues access tokens. The others are refused with `invalid_request`:
 *
 * - `idToken`: an ID token tells a client who signed in; it is not an authorization, its
 *   audience is the client itself, and it often passes through browsers. Exchanging it would
 *   turn a login into API access.
 * - `refreshToken`: a refresh token must never leave the client it was issued to, and this
 *   provider's are opaque.
 * - `saml1`, `saml2`: no SAML here.
 *
 * Opaque access tokens (which need introspection) are not accepted either.
 *
 * @example
 * ```ts
 * params.set('subject_token_type', TOKEN_TYPES.accessToken);
 * ```
 */
export const TOKEN_TYPES = Object.freeze({
  accessToken: 'urn:ietf:params:oauth:token-type:access_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
  idToken: 'urn:ietf:params:oauth:token-type:id_token',
  refreshToken: 'urn:ietf:params:oauth:token-type:refresh_token',
  saml1: 'urn:ietf:params:oauth:token-type:saml1',
  saml2: 'urn:ietf:params:oauth:token-type:saml2',
} as const);
