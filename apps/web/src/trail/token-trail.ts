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

/** The tokens used by the last action of a session. */
export interface TokenTrail {
  /** What the person did, e.g. "Checkout". */
  readonly action: string;
  /** When, as an ISO 8601 timestamp. */
  readonly at: string;
  readonly hops: readonly TrailHop[];
}
