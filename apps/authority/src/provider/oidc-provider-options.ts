import type { KoaContextLike, TokenLike } from 'oidc-provider';
import type { ApiResource } from '../resources/api-resource.js';
import type { DemoClientDefinition } from '../clients/demo-client-definition.js';
import type { PrivateSigningJwk } from '../keys/signing-key-generation.js';
import type { DemoUser } from '../users/demo-user.js';
import type { UserStore } from '../users/user-store.js';

/** What {@link createOidcProvider} needs to build one authority's oidc-provider. */
export interface OidcProviderOptions {
  readonly issuer: string;
  /** Shown on the login and logout pages. */
  readonly authorityName: string;
  /** Signing keys, newest generation first. */
  readonly signingKeys: readonly PrivateSigningJwk[];
  /** Algorithm of the JWT access tokens (must have a key in `signingKeys`). */
  readonly accessTokenAlg: 'RS256' | 'ES256';
  /** Keys that sign the provider's cookies, newest first. */
  readonly cookieKeys: readonly string[];
  /** The clients with their secrets. */
  readonly clients: readonly { readonly definition: DemoClientDefinition; readonly secret: string }[];
  /** The APIs tokens are issued for. */
  readonly apis: readonly ApiResource[];
  readonly users: UserStore;
  /** Access-token lifetime in seconds. */
  readonly accessTokenTtl: number;
  /** Claims of the user added to access tokens for one audience (e.g. partner claims the main authority maps). */
  readonly accessTokenClaims?: (user: DemoUser, audience: string) => Readonly<Record<string, unknown>> | undefined;
  /**
   * Wraps the provider's `extraTokenClaims` (the main authority passes the token-exchange
   * wrapper, so exchanged tokens carry `act` and mapped claims).
   */
  readonly wrapExtraTokenClaims?: (
    own: (ctx: KoaContextLike, token: TokenLike) => Promise<Record<string, unknown> | undefined>,
  ) => (ctx: KoaContextLike, token: TokenLike) => Promise<Record<string, unknown> | undefined>;
  /** Where server errors are reported (never with a token: only error class, message and route). */
  readonly onServerError?: (message: string) => void;
}
