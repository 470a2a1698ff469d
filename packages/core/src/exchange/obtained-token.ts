/**
 * A token this service obtained for a downstream: by token exchange on behalf of a user, or by
 * client credentials as itself. Frozen; shared by every caller served from the same cache entry.
 *
 * **Never log `accessToken`.** It goes in the downstream request's `Authorization` header and
 * nowhere else.
 *
 * @example
 * ```ts
 * const token: ObtainedToken = await tokens.tokenFor({ audience: 'discount' }, inboundToken);
 * await fetch('https://discount.internal/coupons', { headers: { authorization: `Bearer ${token.accessToken}` } });
 * ```
 */
export interface ObtainedToken {
  /** The token itself. Checked to be a plain RFC 6750 `b64token` (safe in a header). */
  readonly accessToken: string;
  /** `Bearer`, or `N_A` (RFC 8693 §2.2.1) for a token that is not an access token. */
  readonly tokenType: string;
  /**
   * Seconds since the epoch at which the token stops being usable: the earliest of the
   * response's `expires_in`, the issued token's own `exp` (when it is a JWT) and the subject
   * token's `exp` (when it is a JWT). Never later than the token it was exchanged from.
   */
  readonly expiresAt: number;
  /** The scopes granted: the response's `scope`, or the scopes asked for when it has none (RFC 6749 §5.1). */
  readonly scope: readonly string[];
  /**
   * What was issued (RFC 8693 `issued_token_type`), e.g.
   * `urn:ietf:params:oauth:token-type:access_token`; for client credentials and Entra ID
   * on-behalf-of, which do not send it, always the access-token type.
   */
  readonly issuedTokenType: string;
}
