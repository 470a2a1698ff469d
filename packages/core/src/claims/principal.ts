/**
 * One link of an RFC 8693 §4.1 `act` (actor) chain: who is acting, and who acted before.
 */
export interface Actor {
  /** The actor's `sub` (for a service acting on its own behalf, usually its client id). */
  readonly subject: string | undefined;
  /** The actor's `client_id`, when the issuer sets it. */
  readonly clientId: string | undefined;
  /** The issuer of the actor's identity, when it differs from the token's. */
  readonly issuer: string | undefined;
  /** The actor before this one, if the token was exchanged more than once. */
  readonly actor: Actor | undefined;
}

/**
 * Who is calling, as proven by a verified access token (RFC 9068 §2.2).
 *
 * @example
 * ```ts
 * if (principal.scopes.has('eventcatalog.write')) …
 * const userId = principal.subject;
 * const viaService = principal.actor?.clientId;   // set when a service acts for the user
 * ```
 */
export interface Principal {
  /** `sub`: the user (or, for client-credentials tokens, the client). */
  readonly subject: string | undefined;
  /** `client_id`: the OAuth client the token was issued to. */
  readonly clientId: string | undefined;
  /** The granted scopes, from `scope` (space-separated) or `scp` (array or string). */
  readonly scopes: ReadonlySet<string>;
  /** `aud`, always as an array. */
  readonly audience: readonly string[];
  /** `iss`. */
  readonly issuer: string;
  /** `exp`, in seconds since the epoch. */
  readonly expiresAt: number;
  /** `jti`, when present. */
  readonly tokenId: string | undefined;
  /** The `act` chain of a token obtained by token exchange, outermost (current) actor first. */
  readonly actor: Actor | undefined;
  /** Every claim of the token, verified, read-only. */
  readonly claims: Readonly<Record<string, unknown>>;
}
