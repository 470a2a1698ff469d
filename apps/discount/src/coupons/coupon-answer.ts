import type { OpenApiSchema, TokenClaimsSeen } from '@baton-demo/kit';
import { COUPON_SCHEMA, type Coupon } from './coupon.js';

/**
 * What discount answers: the caller's coupon, and the claims of the token it was called with
 * (never the token), so a caller can show who acted for whom.
 *
 * @example
 * ```json
 * { "coupon": { "code": "ALICE-WELCOME", "amount": 20, "used": false },
 *   "seenToken": { "aud": "discount", "sub": "alice", "scope": "discount.fullaccess", "client_id": "shoppingbasket",
 *                  "act": { "sub": "shoppingbasket" }, "exp": 1900000000 } }
 * ```
 */
export interface CouponAnswer {
  readonly coupon: Coupon;
  readonly seenToken: TokenClaimsSeen;
}

/** The JSON Schema of {@link CouponAnswer}, for the OpenAPI docs. */
export const COUPON_ANSWER_SCHEMA: OpenApiSchema = {
  type: 'object',
  properties: {
    coupon: COUPON_SCHEMA,
    seenToken: {
      type: 'object',
      description: 'Claims of the access token discount received (never the token itself).',
      properties: {
        aud: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
        sub: { type: 'string' },
        scope: { type: 'string' },
        client_id: { type: 'string' },
        act: { type: 'object', description: 'RFC 8693 actor chain: who acts for the user', example: { sub: 'shoppingbasket' } },
        exp: { type: 'integer' },
      },
      required: ['aud', 'scope', 'exp'],
    },
  },
  required: ['coupon', 'seenToken'],
};
