import type { OpenApiSchema } from '@baton-demo/kit';
import { ORDER_SCHEMA, type Order } from './order.js';
import { TRAIL_HOP_SCHEMA, type TrailHop } from './trail-hop.js';

/**
 * What checkout answers: the order, and the token trail behind it — the caller's token as
 * shoppingbasket verified it, then the token discount received (obtained by token exchange on
 * behalf of the user), as discount reported it.
 */
export interface CheckoutResult {
  readonly order: Order;
  readonly trail: readonly TrailHop[];
}

/** The JSON Schema of {@link CheckoutResult}, for the OpenAPI docs. */
export const CHECKOUT_RESULT_SCHEMA: OpenApiSchema = {
  type: 'object',
  properties: { order: ORDER_SCHEMA, trail: { type: 'array', items: TRAIL_HOP_SCHEMA } },
  required: ['order', 'trail'],
};
