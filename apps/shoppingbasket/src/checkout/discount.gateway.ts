import type { TokenClaimsSeen } from '@baton-demo/kit';

/** The user's coupon as discount reported it, amounts in cents. */
export interface DiscountCoupon {
  readonly code: string;
  readonly amountCents: number;
  readonly used: boolean;
}

/** One answer of discount: the coupon, and the claims of the token discount received. */
export interface DiscountAnswer {
  readonly coupon: DiscountCoupon;
  readonly seenToken: TokenClaimsSeen;
}

/**
 * How checkout talks to discount, for the user of the current request. The implementation
 * (`DelegatedDiscountGateway`) calls discount with a token exchanged on behalf of that user;
 * checkout never sees a token.
 *
 * @example
 * ```ts
 * const { coupon } = await discount.currentCoupon();
 * if (!coupon.used) await discount.redeemCoupon();
 * ```
 */
export abstract class DiscountGateway {
  /** The user's coupon. */
  abstract currentCoupon(): Promise<DiscountAnswer>;
  /** Marks the user's coupon used; `'already-used'` when it was (another checkout got there first). */
  abstract redeemCoupon(): Promise<DiscountAnswer | 'already-used'>;
}
