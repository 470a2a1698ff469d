/**
 * An API the authority issues access tokens for (an RFC 8707 resource server).
 *
 * @example
 * ```ts
 * const discount: ApiResource = { resource: 'urn:globoticket:discount', audience: 'discount', scopes: ['discount.fullaccess'] };
 * ```
 */
export interface ApiResource {
  /** The RFC 8707 resource indicator a client sends as `resource`. */
  readonly resource: string;
  /** The `aud` of the access tokens for this API (what the API's AuthModule expects). */
  readonly audience: string;
  /** Every scope this API defines. */
  readonly scopes: readonly string[];
}
