/**
 * The `act` claim as the token trail shows it (RFC 8693 §4.1): who acts, and who acted
 * before, outermost first.
 */
export interface ActorSeen {
  readonly sub?: string;
  readonly client_id?: string;
  readonly act?: ActorSeen;
}

/**
 * The claims of an access token as a service saw it, for the token trail. Claims only: never
 * the token, never its signature.
 *
 * @example
 * ```ts
 * const seen: TokenClaimsSeen = { aud: 'discount', sub: 'alice', scope: 'discount.fullaccess', client_id: 'shoppingbasket', act: { sub: 'shoppingbasket' }, exp: 1_900_000_000 };
 * ```
 */
export interface TokenClaimsSeen {
  readonly aud: string | readonly string[];
  readonly sub?: string;
  readonly scope: string;
  readonly client_id?: string;
  /** Present when the token was obtained by token exchange. */
  readonly act?: ActorSeen;
  readonly exp: number;
}
