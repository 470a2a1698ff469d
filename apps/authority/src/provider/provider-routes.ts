/**
 * The oidc-provider endpoints, spelled out (they are oidc-provider's defaults) because the app
 * mounts the provider at the issuer's root next to its own pages: a request whose path starts
 * with one of these goes to the provider, everything else to Nest.
 */
export const PROVIDER_ROUTES = {
  authorization: '/auth',
  end_session: '/session/end',
  jwks: '/jwks',
  revocation: '/token/revocation',
  token: '/token',
  userinfo: '/me',
} as const;

const PROVIDER_PATH_PREFIXES = [...Object.values(PROVIDER_ROUTES), '/.well-known'];

/**
 * Whether a request path belongs to oidc-provider (its endpoints and sub-paths such as
 * `/auth/<uid>` and `/session/end/confirm`, and discovery under `/.well-known`).
 *
 * @example
 * ```ts
 * isProviderPath('/.well-known/openid-configuration'); // true
 * isProviderPath('/interaction/abc'); // false
 * ```
 */
export function isProviderPath(path: string): boolean {
  return PROVIDER_PATH_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}
