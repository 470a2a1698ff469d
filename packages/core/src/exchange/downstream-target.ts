/**
 * Where an exchanged token may be used: one audience (RFC 8693 `audience`) and/or one resource
 * (RFC 8707 `resource`, an absolute URI), and the scopes to ask for. At least one of the three.
 *
 * Scopes are compared as a set: order and repeats do not matter (`['b', 'a']` and `['a', 'b']`
 * share a cache entry); an entry holding several scopes separated by spaces is split.
 *
 * @example
 * ```ts
 * const discount: DownstreamTarget = { audience: 'discount', scope: ['discount.fullaccess'] };
 * const graph: DownstreamTarget = { scope: ['https://graph.microsoft.com/.default'] }; // Entra ID
 * ```
 */
export interface DownstreamTarget {
  /** The logical name of the downstream (RFC 8693 `audience`), e.g. `discount`. */
  audience?: string;
  /** The downstream's resource indicator (RFC 8707), an absolute URI without fragment. */
  resource?: string;
  /** The scopes the token should carry. Default: none asked (the authority's default). */
  scope?: readonly string[];
}
