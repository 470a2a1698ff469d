import type { Basket } from './basket.js';

/** A `basket_lines` (or `order_lines`) row. */
export interface BasketLineRow {
  event_id: string;
  name: string;
  price_cents: number;
  quantity: number;
}

/** The basket these rows make, sums in cents first so euros never meet float rounding. */
export function basketOfRows(rows: readonly BasketLineRow[]): Basket {
  const lines = rows.map((row) => ({
    eventId: row.event_id,
    name: row.name,
    price: row.price_cents / 100,
    quantity: row.quantity,
    lineTotal: (row.price_cents * row.quantity) / 100,
  }));
  return { lines, total: rows.reduce((sum, row) => sum + row.price_cents * row.quantity, 0) / 100 };
}
