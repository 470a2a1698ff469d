import type { BasketLine } from './basket.js';
import { asRecord, numberField, stringField } from './read-json.js';

/**
 * A basket line of shoppingbasket's JSON (`{ eventId, name, price, quantity, lineTotal }`),
 * or `undefined` if it names no event.
 *
 * @example
 * ```ts
 * parseBasketLine({ eventId: '3f0c…', name: 'Jazz night', price: 40, quantity: 2, lineTotal: 80 });
 * ```
 */
export function parseBasketLine(value: unknown): BasketLine | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  const eventId = stringField(record, 'eventId');
  if (eventId === undefined) return undefined;
  const price = numberField(record, 'price');
  return { eventId, eventName: stringField(record, 'name') ?? eventId, quantity: numberField(record, 'quantity') ?? 1, ...(price === undefined ? {} : { price }) };
}
