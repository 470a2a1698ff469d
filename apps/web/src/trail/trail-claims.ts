/** The `act` claim (RFC 8693 §4.1): who acts, possibly on behalf of an earlier actor. */
export interface TrailActor {
  readonly sub?: string;
  readonly client_id?: string;
  readonly act?: TrailActor;
}

/**
 * The claims of one token that the trail shows. Only these are ever kept: no token, no
 * signature, no personal claim beyond `sub`.
 *
 * @example
 * ```ts
 * const claims: TrailClaims = { aud: 'discount', sub: 'alice', scope: 'discount.fullaccess', act: { sub: 'shoppingbasket' }, exp: 1795337207 };
 * ```
 */
export interface TrailClaims {
  readonly iss?: string;
  readonly sub?: string;
  readonly aud?: string | readonly string[];
  readonly scope?: string;
  readonly client_id?: string;
  readonly act?: TrailActor;
  readonly iat?: number;
  readonly exp?: number;
}
