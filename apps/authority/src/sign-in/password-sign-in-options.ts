/**
 * How {@link signInWithPassword} signs a user in.
 *
 * @example
 * ```ts
 * const options: PasswordSignInOptions = {
 *   issuer: 'http://localhost:4000', client: { id: 'web', secret }, redirectUri: 'http://localhost:3000/auth/callback',
 *   username: 'bob', password: 'bob-demo', scope: 'openid',
 * };
 * ```
 */
export interface PasswordSignInOptions {
  /** The authority's issuer identifier. */
  readonly issuer: string;
  /** A confidential client allowed the authorization code grant. */
  readonly client: { readonly id: string; readonly secret: string };
  /** One of the client's registered redirect URIs; nothing needs to listen there. */
  readonly redirectUri: string;
  readonly username: string;
  readonly password: string;
  /** Scopes of the authorization request, e.g. `openid offline_access shoppingbasket.fullaccess`. */
  readonly scope: string;
  /** RFC 8707 resource indicators of the authorization request. */
  readonly resources?: readonly string[];
  /**
   * The `prompt` of the authorization request. Default `login consent`, as the storefront sends:
   * always the login form, and `consent` so that `offline_access` (a refresh token) is honoured.
   */
  readonly prompt?: string;
  /** The resource of the token request, i.e. the audience of the access token returned. */
  readonly tokenResource?: string;
  /** Allow plain http to a loopback issuer. Default: true for http://localhost, 127.0.0.1 and [::1]. */
  readonly allowInsecureHttp?: boolean;
}

/** The tokens of a password sign-in. */
export interface PasswordSignInTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
  readonly expiresIn?: number;
  readonly scope?: string;
}
