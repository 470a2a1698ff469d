import type { OpenApiSchema } from '@baton-demo/kit';
import { BASKET_LINE_SCHEMA, type BasketLine } from '../basket/basket.js';

/** The coupon an order was discounted with. */
export interface AppliedDiscount {
  readonly code: string;
  /** Euros taken off: the coupon's amount, at most the subtotal. */
  readonly amount: number;
}

/**
 * An order placed at checkout: the basket's lines at their snapshot prices, the discount of
 * the user's coupon if it was still unused, and what is left to pay.
 *
 * @example
 * ```json
 * { "id": "9b1e…", "lines": [ … ], "subtotal": 130, "discount": { "code": "ALICE-WELCOME", "amount": 20 }, "total": 110,
 *   "placedAt": "2026-11-22T10:00:00.000Z" }
 * ```
 */
export interface Order {
  readonly id: string;
  readonly lines: readonly BasketLine[];
  readonly subtotal: number;
  /** `null` when the user's coupon was already used. */
  readonly discount: AppliedDiscount | null;
  readonly total: number;
  readonly placedAt: string;
}

/** The JSON Schema of {@link Order}, for the OpenAPI docs. */
export const ORDER_SCHEMA: OpenApiSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    lines: { type: 'array', items: BASKET_LINE_SCHEMA },
    subtotal: { type: 'number', example: 130 },
    discount: {
      type: 'object',
      nullable: true,
      properties: { code: { type: 'string', example: 'ALICE-WELCOME' }, amount: { type: 'number', example: 20 } },
      required: ['code', 'amount'],
    },
    total: { type: 'number', example: 110 },
    placedAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'lines', 'subtotal', 'discount', 'total', 'placedAt'],
};
