import type { OpenApiSchema, TokenClaimsSeen } from '@baton-demo/kit';

/**
 * One token along the way of a request, as the service that received it saw it: who
 * presented it (its `client_id`, or the acting service), to whom, and its claims. Never the
 * token itself.
 *
 * @example
 * ```json
 * { "from": "shoppingbasket", "to": "discount",
 *   "claims": { "aud": "discount", "sub": "alice", "scope": "discount.fullaccess", "act": { "sub": "shoppingbasket" }, "exp": 1900000000 } }
 * ```
 */
export interface TrailHop {
  readonly from: string;
  readonly to: string;
  readonly claims: TokenClaimsSeen;
}

/** The JSON Schema of {@link TrailHop}, for the OpenAPI docs. */
export const TRAIL_HOP_SCHEMA: OpenApiSchema = {
  type: 'object',
  properties: {
    from: { type: 'string', example: 'shoppingbasket' },
    to: { type: 'string', example: 'discount' },
    claims: {
      type: 'object',
      description: 'aud, sub, scope, client_id, act and exp of the token (never the token itself)',
      example: { aud: 'discount', sub: 'alice', scope: 'discount.fullaccess', act: { sub: 'shoppingbasket' }, exp: 1_900_000_000 },
    },
  },
  required: ['from', 'to', 'claims'],
};
