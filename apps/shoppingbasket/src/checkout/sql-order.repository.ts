import { Inject, Injectable } from '@nestjs/common';
import { SQL_DATABASE, type SqlDatabase } from '@baton-demo/kit';
import { basketOfRows, type BasketLineRow } from '../basket/basket-of-rows.js';
import type { Order } from './order.js';
import { OrderRepository, type DiscountToApply } from './order.repository.js';

/** {@link OrderRepository} on the service's SQL database (tables `orders`, `order_lines`, `basket_lines`). */
@Injectable()
export class SqlOrderRepository extends OrderRepository {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {
    super();
  }

  async placeOrder(subject: string, discount: DiscountToApply | undefined): Promise<Order | undefined> {
    return this.db.transaction(async (tx) => {
      const lines = await tx.query<BasketLineRow>(
        'select event_id, name, price_cents, quantity from basket_lines where sub = $1 order by added_at, event_id for update',
        [subject],
      );
      if (lines.length === 0) return undefined;
      await tx.query('delete from basket_lines where sub = $1', [subject]);
      const subtotalCents = lines.reduce((sum, line) => sum + line.price_cents * line.quantity, 0);
      const discountCents = discount === undefined ? 0 : Math.min(discount.amountCents, subtotalCents);
      const [order] = await tx.query<{ id: string; placed_at: Date }>(
        'insert into orders (sub, subtotal_cents, discount_code, discount_cents, total_cents) values ($1, $2, $3, $4, $5) returning id, placed_at',
        [subject, subtotalCents, discount?.code ?? null, discountCents, subtotalCents - discountCents],
      );
      for (const line of lines) {
        await tx.query('insert into order_lines (order_id, event_id, name, price_cents, quantity) values ($1, $2, $3, $4, $5)', [
          order!.id,
          line.event_id,
          line.name,
          line.price_cents,
          line.quantity,
        ]);
      }
      const basket = basketOfRows(lines);
      return {
        id: order!.id,
        lines: basket.lines,
        subtotal: subtotalCents / 100,
        discount: discount === undefined ? null : { code: discount.code, amount: discountCents / 100 },
        total: (subtotalCents - discountCents) / 100,
        placedAt: order!.placed_at.toISOString(),
      };
    });
  }
}
