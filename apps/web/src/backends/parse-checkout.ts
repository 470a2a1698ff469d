import type { TrailHop } from '../trail/token-trail.js';
import { pickTrailClaims } from '../trail/pick-trail-claims.js';
import type { CheckoutResult } from './checkout-result.js';
import { parseBasketLine } from './parse-basket.js';
import type { BasketLine } from './basket.js';
import { asRecord, numberField, stringField } from './read-json.js';

function parseHop(value: unknown): TrailHop | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  const from = stringField(record, 'from', 'caller');
  const to = stringField(record, 'to', 'audience', 'callee');
  if (from === undefined || to === undefined) return undefined;
  return { from, to, obtainedBy: stringField(record, 'obtainedBy', 'how', 'via') ?? '', claims: pickTrailClaims(record.claims) };
}

/**
 * The checkout answer of shoppingbasket: lines, totals, coupon and its `trail` of claims at each hop.
 *
 * @example
 * ```ts
 * const order = parseCheckout(answer.body);
 * ```
 */
export function parseCheckout(value: unknown): CheckoutResult {
  const record = asRecord(value) ?? {};
  const lines = (Array.isArray(record.lines) ? record.lines : []).map(parseBasketLine).filter((line): line is BasketLine => line !== undefined);
  const couponRecord = asRecord(record.coupon) ?? asRecord(record.discount);
  const couponCode = couponRecord ? stringField(couponRecord, 'code') : undefined;
  const couponAmount = couponRecord ? numberField(couponRecord, 'amount') : undefined;
  const total = numberField(record, 'total') ?? 0;
  const subtotal = numberField(record, 'subtotal') ?? total + (couponAmount ?? 0);
  const orderId = stringField(record, 'orderId', 'id');
  return {
    ...(orderId === undefined ? {} : { orderId }),
    lines,
    subtotal,
    ...(couponCode !== undefined && couponAmount !== undefined ? { coupon: { code: couponCode, amount: couponAmount } } : {}),
    total,
    hops: (Array.isArray(record.trail) ? record.trail : []).map(parseHop).filter((hop): hop is TrailHop => hop !== undefined),
  };
}
