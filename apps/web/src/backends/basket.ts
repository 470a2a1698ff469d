/** One line of a basket. */
export interface BasketLine {
  readonly eventId: string;
  readonly eventName: string;
  readonly quantity: number;
  /** Price of one ticket, when shoppingbasket knows it. */
  readonly price?: number;
}

/** The signed-in person's basket. */
export interface Basket {
  readonly lines: readonly BasketLine[];
  /** The sum of the lines, when shoppingbasket computes it. */
  readonly total?: number;
}
