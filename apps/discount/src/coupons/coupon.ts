import type { OpenApiSchema } from '@baton-demo/kit';

/**
 * A user's coupon: `amount` is taken off an order's total, in euros, once.
 *
 * @example
 * ```json
 * { "code": "ALICE-WELCOME", "amount": 20, "used": false }
 * ```
 */
export interface Coupon {
  readonly code: string;
  readonly amount: number;
  readonly used: boolean;
}

/** The JSON Schema of {@link Coupon}, for the OpenAPI docs. */
export const COUPON_SCHEMA: OpenApiSchema = {
  type: 'object',
  properties: {
    code: { type: 'string', example: 'ALICE-WELCOME' },
    amount: { type: 'number', example: 20, description: 'Euros off the total' },
    used: { type: 'boolean' },
  },
  required: ['code', 'amount', 'used'],
};
