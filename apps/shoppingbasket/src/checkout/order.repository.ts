import type { Order } from './order.js';

/** The coupon to apply to an order, amount in cents. */
export interface DiscountToApply {
  readonly code: string;
  readonly amountCents: number;
}

/**
 * Where orders are kept. `SqlOrderRepository` is the implementation on the service's
 * `SqlDatabase`, in the same database as the baskets.
 *
 * @example
 * ```ts
 * const order = await orders.placeOrder('alice', { code: 'ALICE-WELCOME', amountCents: 2000 });
 * ```
 */
export abstract class OrderRepository {
  /**
   * Turns the user's basket into an order, at once: the lines are taken out of the basket and
   * into the order, the discount (at most the subtotal) applied. `undefined` when the basket
   * is empty (another checkout may just have taken it).
   */
  abstract placeOrder(subject: string, discount: DiscountToApply | undefined): Promise<Order | undefined>;
}
