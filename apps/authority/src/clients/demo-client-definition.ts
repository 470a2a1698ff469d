/**
 * One client of a demo authority: its oidc-provider metadata (without the secret, which is
 * generated), whether its users' consent is implied, and which APIs and scopes it may obtain.
 */
export interface DemoClientDefinition {
  /** The `client_id`. */
  readonly clientId: string;
  /** The name of its secret for `loadOrCreateSecret` (env override: the name in UPPER_SNAKE_CASE). */
  readonly secretName: string;
  /**
   * A first-party client (the authority's own organisation runs it): consent is granted
   * without asking the person. No third-party client exists in the demo.
   */
  readonly firstParty: boolean;
  /** oidc-provider client metadata except `client_id` and `client_secret`. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /**
   * Resource indicator → the scopes this client may ever hold for that API through the
   * provider's own grants (authorization code, refresh token, client credentials). Exchanged
   * tokens are governed by the token-exchange policy instead.
   */
  readonly apiAccess: Readonly<Record<string, readonly string[]>>;
}
