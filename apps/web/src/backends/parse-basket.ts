import type { Basket, BasketLine } from './basket.js';
import { parseBasketLine } from './parse-basket-line.js';
import { asRecord, numberField } from './read-json.js';

/**
 * shoppingbasket's basket (`{ lines, total }`).
 *
 * @example
 * ```ts
 * parseBasket({ lines: [], total: 0 }); // { lines: [], total: 0 }
 * ```
 */
export function parseBasket(value: unknown): Basket {
  const record = asRecord(value) ?? {};
  const lines = (Array.isArray(record.lines) ? record.lines : []).map(parseBasketLine).filter((line): line is BasketLine => line !== undefined);
  const total = numberField(record, 'total');
  return { lines, ...(total === undefined ? {} : { total }) };
}
