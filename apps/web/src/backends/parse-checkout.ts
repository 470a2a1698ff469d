import type { TrailHop } from '../trail/token-trail.js';
import { pickTrailClaims } from '../trail/pick-trail-claims.js';
import type { BasketLine } from './basket.js';
import type { CheckoutResult } from './checkout-result.js';
import { parseBasketLine } from './parse-basket-line.js';
import { asRecord, numberField, stringField } from './read-json.js';

function parseHop(value: unknown): TrailHop | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  const from = stringField(record, 'from');
  const to = stringField(record, 'to');
  if (from === undefined || to === undefined) return undefined;
  const claims = pickTrailClaims(record.claims);
  const obtainedBy = claims.act
    ? `obtained by ${from} with a token exchange (RFC 8693) at the authority; as ${to} verified it`
    : `as ${to} verified it`;
  return { from, to, obtainedBy, claims };
}

/**
 * shoppingbasket's checkout answer (`{ order, trail }`): the order's lines, totals and applied
 * coupon, and the trail of tokens as each service saw them (the storefront's token at
 * shoppingbasket, the exchanged token at discount).
 *
 * @example
 * ```ts
 * const order = parseCheckout(answer.body);
 * ```
 */
export function parseCheckout(value: unknown): CheckoutResult {
  const record = asRecord(value) ?? {};
  const order = asRecord(record.order) ?? {};
  const lines = (Array.isArray(order.lines) ? order.lines : []).map(parseBasketLine).filter((line): line is BasketLine => line !== undefined);
  const discount = asRecord(order.discount);
  const code = discount ? stringField(discount, 'code') : undefined;
  const amount = discount ? numberField(discount, 'amount') : undefined;
  const orderId = stringField(order, 'id');
  return {
    ...(orderId === undefined ? {} : { orderId }),
    lines,
    subtotal: numberField(order, 'subtotal') ?? 0,
    ...(code !== undefined && amount !== undefined ? { coupon: { code, amount } } : {}),
    total: numberField(order, 'total') ?? 0,
    hops: (Array.isArray(record.trail) ? record.trail : []).map(parseHop).filter((hop): hop is TrailHop => hop !== undefined),
  };
}
