import type { Basket } from './basket.js';

/** A line to add: prices in cents. */
export interface NewBasketLine {
  readonly eventId: string;
  readonly name: string;
  readonly priceCents: number;
  readonly quantity: number;
}

/**
 * Where baskets are kept, one per user (`sub`). Every method takes the user: there is no way
 * to reach another user's basket through it. `SqlBasketRepository` is the implementation on
 * the service's `SqlDatabase`.
 *
 * @example
 * ```ts
 * const basket = await baskets.addLine('alice', { eventId, name: 'John Egbert Live', priceCents: 6500, quantity: 2 });
 * ```
 */
export abstract class BasketRepository {
  /** The user's basket (empty if they never added anything). */
  abstract basketOf(subject: string): Promise<Basket>;
  /**
   * Adds tickets; for an event already in the basket the quantities add up (the name and
   * price snapshot is refreshed). `undefined` when the sum would exceed `maxQuantity`.
   */
  abstract addLine(subject: string, line: NewBasketLine, maxQuantity: number): Promise<Basket | undefined>;
  /** Sets a line's quantity; `undefined` when the basket has no line for this event. */
  abstract setQuantity(subject: string, eventId: string, quantity: number): Promise<Basket | undefined>;
  /** Removes a line; `undefined` when the basket has no line for this event. */
  abstract removeLine(subject: string, eventId: string): Promise<Basket | undefined>;
}
