import type { OpenApiSchema } from '@baton-demo/kit';

/**
 * One line of a basket: tickets for one event. `name` and `price` are the event's as they
 * were when it was added (a snapshot: the order keeps that price).
 */
export interface BasketLine {
  readonly eventId: string;
  readonly name: string;
  /** Price of one ticket, in euros. */
  readonly price: number;
  readonly quantity: number;
  /** `price × quantity`, in euros. */
  readonly lineTotal: number;
}

/**
 * The signed-in user's basket.
 *
 * @example
 * ```json
 * { "lines": [{ "eventId": "3f0c…", "name": "John Egbert Live", "price": 65, "quantity": 2, "lineTotal": 130 }], "total": 130 }
 * ```
 */
export interface Basket {
  readonly lines: readonly BasketLine[];
  /** Sum of the line totals, in euros. */
  readonly total: number;
}

/** The JSON Schema of {@link BasketLine}, for the OpenAPI docs. */
export const BASKET_LINE_SCHEMA: OpenApiSchema = {
  type: 'object',
  properties: {
    eventId: { type: 'string', format: 'uuid' },
    name: { type: 'string', example: 'John Egbert Live' },
    price: { type: 'number', example: 65 },
    quantity: { type: 'integer', example: 2 },
    lineTotal: { type: 'number', example: 130 },
  },
  required: ['eventId', 'name', 'price', 'quantity', 'lineTotal'],
};

/** The JSON Schema of {@link Basket}, for the OpenAPI docs. */
export const BASKET_SCHEMA: OpenApiSchema = {
  type: 'object',
  properties: { lines: { type: 'array', items: BASKET_LINE_SCHEMA }, total: { type: 'number', example: 130 } },
  required: ['lines', 'total'],
};
