import type { TrailClaims } from './trail-claims.js';

/** One token along the way: who presented it to whom, and its claims. */
export interface TrailHop {
  /** The caller, e.g. `web` or `shoppingbasket`. */
  readonly from: string;
  /** The API that received it, e.g. `shoppingbasket` or `discount`. */
  readonly to: string;
  /** How the caller got it, e.g. "authorization code, resource shoppingbasket" or "token exchange". */
  readonly obtainedBy: string;
  readonly claims: TrailClaims;
}

/**
 * The tokens used by the last action of a session (`GET /trail` answers it as JSON).
 *
 * @example
 * ```json
 * { "action": "Checkout", "at": "2026-11-22T08:41:48.000Z", "hops": [
 *   { "from": "web", "to": "shoppingbasket", "obtainedBy": "as shoppingbasket verified it",
 *     "claims": { "aud": "shoppingbasket", "scope": "shoppingbasket.fullaccess", "sub": "alice", "client_id": "web", "exp": 1795337207 } },
 *   { "from": "shoppingbasket", "to": "discount", "obtainedBy": "obtained by shoppingbasket with a token exchange (RFC 8693) at the authority; as discount verified it",
 *     "claims": { "aud": "discount", "scope": "discount.fullaccess", "sub": "alice", "act": { "sub": "shoppingbasket" }, "exp": 1795337207 } } ] }
 * ```
 */
export interface TokenTrail {
  /** What the person did, e.g. "Checkout". */
  readonly action: string;
  /** When, as an ISO 8601 timestamp. */
  readonly at: string;
  readonly hops: readonly TrailHop[];
}
