import type { TrailHop } from '../trail/token-trail.js';
import type { BasketLine } from './basket.js';

/** What a checkout gave: totals, the coupon applied (if any), and the tokens used along the way. */
export interface CheckoutResult {
  readonly orderId?: string;
  readonly lines: readonly BasketLine[];
  readonly subtotal: number;
  /** The coupon discount applied, from discount. */
  readonly coupon?: { readonly code: string; readonly amount: number };
  readonly total: number;
  /** shoppingbasket's own report of the tokens at each hop (claims only). */
  readonly hops: readonly TrailHop[];
}
