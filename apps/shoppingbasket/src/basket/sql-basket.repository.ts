import { Inject, Injectable } from '@nestjs/common';
import { SQL_DATABASE, type SqlDatabase } from '@baton-demo/kit';
import type { Basket } from './basket.js';
import { BasketRepository, type NewBasketLine } from './basket.repository.js';
import { basketOfRows, type BasketLineRow } from './basket-of-rows.js';

/** {@link BasketRepository} on the service's SQL database (table `basket_lines`). */
@Injectable()
export class SqlBasketRepository extends BasketRepository {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {
    super();
  }

  async basketOf(subject: string): Promise<Basket> {
    const rows = await this.db.query<BasketLineRow>('select event_id, name, price_cents, quantity from basket_lines where sub = $1 order by added_at, event_id', [subject]);
    return basketOfRows(rows);
  }

  async addLine(subject: string, line: NewBasketLine, maxQuantity: number): Promise<Basket | undefined> {
    const changed = await this.db.query(
      `insert into basket_lines (sub, event_id, name, price_cents, quantity) values ($1, $2, $3, $4, $5)
       on conflict (sub, event_id) do update
         set name = excluded.name, price_cents = excluded.price_cents, quantity = basket_lines.quantity + excluded.quantity
         where basket_lines.quantity + excluded.quantity <= $6
       returning event_id`,
      [subject, line.eventId, line.name, line.priceCents, line.quantity, maxQuantity],
    );
    return changed.length === 0 ? undefined : this.basketOf(subject);
  }

  async setQuantity(subject: string, eventId: string, quantity: number): Promise<Basket | undefined> {
    const changed = await this.db.query('update basket_lines set quantity = $3 where sub = $1 and event_id = $2 returning event_id', [subject, eventId, quantity]);
    return changed.length === 0 ? undefined : this.basketOf(subject);
  }

  async removeLine(subject: string, eventId: string): Promise<Basket | undefined> {
    const removed = await this.db.query('delete from basket_lines where sub = $1 and event_id = $2 returning event_id', [subject, eventId]);
    return removed.length === 0 ? undefined : this.basketOf(subject);
  }
}
