import type { Basket, BasketLine } from './basket.js';
import { asRecord, numberField, stringField } from './read-json.js';

/**
 * A basket line of shoppingbasket's JSON, or `undefined` if it names no event.
 *
 * @example
 * ```ts
 * parseBasketLine({ eventId: '1', eventName: 'Jazz night', quantity: 2, price: 40 });
 * ```
 */
export function parseBasketLine(value: unknown): BasketLine | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  const event = asRecord(record.event);
  const eventId = stringField(record, 'eventId') ?? (event ? stringField(event, 'id', 'eventId') : undefined);
  if (eventId === undefined) return undefined;
  const eventName = stringField(record, 'eventName', 'name') ?? (event ? stringField(event, 'name') : undefined) ?? eventId;
  const price = numberField(record, 'price', 'unitPrice') ?? (event ? numberField(event, 'price') : undefined);
  return { eventId, eventName, quantity: numberField(record, 'quantity', 'ticketAmount') ?? 1, ...(price === undefined ? {} : { price }) };
}

/**
 * A basket of shoppingbasket's JSON (`{ lines: [...] }` or a bare list of lines).
 *
 * @example
 * ```ts
 * parseBasket({ lines: [], total: 0 }); // { lines: [], total: 0 }
 * ```
 */
export function parseBasket(value: unknown): Basket {
  const record = asRecord(value);
  const list = Array.isArray(value) ? value : Array.isArray(record?.lines) ? record.lines : [];
  const lines = list.map(parseBasketLine).filter((line): line is BasketLine => line !== undefined);
  const total = record ? numberField(record, 'total', 'subtotal') : undefined;
  return { lines, ...(total === undefined ? {} : { total }) };
}
