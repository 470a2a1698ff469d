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
  /**
   * The API this client itself is (its audience), if any: a token exchanged by this client
   * must have been issued for this audience.
   */
  readonly ownAudience?: string;
  /** oidc-provider client metadata except `client_id` and `client_secret`. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Resource indicator → the scopes this client may ever hold for that API. */
  readonly apiAccess: Readonly<Record<string, readonly string[]>>;
}
