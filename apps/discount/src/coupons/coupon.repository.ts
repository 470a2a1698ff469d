import type { Coupon } from './coupon.js';

/** What marking a coupon used gave: the coupon, now used, or why not. */
export type MarkUsedResult = { readonly outcome: 'marked'; readonly coupon: Coupon } | { readonly outcome: 'already-used' };

/**
 * Where coupons are kept, one per user (`sub`). The controller knows only this;
 * `SqlCouponRepository` is the implementation on the service's `SqlDatabase`.
 *
 * @example
 * ```ts
 * const coupon = await coupons.findOrIssue('alice');
 * ```
 */
export abstract class CouponRepository {
  /**
   * The user's coupon. A user without one (any `sub` the authority may issue, not only the
   * seeded demo users) gets a new one from the coupon template, once.
   */
  abstract findOrIssue(subject: string): Promise<Coupon>;
  /** Marks the user's coupon used, unless it was already. */
  abstract markUsed(subject: string): Promise<MarkUsedResult>;
}
