import { Inject, Injectable } from '@nestjs/common';
import { SQL_DATABASE, type SqlDatabase } from '@baton-demo/kit';
import type { CatalogEvent } from './catalog-event.js';
import type { EventInput } from './event-input.schema.js';
import { EventRepository } from './event.repository.js';

interface EventRow {
  id: string;
  name: string;
  artist: string;
  date: Date;
  price_cents: number;
  description: string;
  category_id: string;
  category_name: string;
}

const SELECT_EVENTS = `
  select e.id, e.name, e.artist, e.date, e.price_cents, e.description, c.id as category_id, c.name as category_name
  from events e join categories c on c.id = e.category_id`;

/** {@link EventRepository} on the service's SQL database (tables `events`, `categories`). */
@Injectable()
export class SqlEventRepository extends EventRepository {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {
    super();
  }

  async list(filter: { categoryId?: string | undefined }): Promise<CatalogEvent[]> {
    const rows =
      filter.categoryId === undefined
        ? await this.db.query<EventRow>(`${SELECT_EVENTS} order by e.date, e.name`)
        : await this.db.query<EventRow>(`${SELECT_EVENTS} where e.category_id = $1 order by e.date, e.name`, [filter.categoryId]);
    return rows.map(toEvent);
  }

  async find(id: string): Promise<CatalogEvent | undefined> {
    const [row] = await this.db.query<EventRow>(`${SELECT_EVENTS} where e.id = $1`, [id]);
    return row === undefined ? undefined : toEvent(row);
  }

  async create(input: EventInput): Promise<CatalogEvent> {
    const [row] = await this.db.query<{ id: string }>(
      'insert into events (name, artist, date, price_cents, description, category_id) values ($1, $2, $3, $4, $5, $6) returning id',
      [input.name, input.artist, input.date, input.priceCents, input.description, input.categoryId],
    );
    return (await this.find(row!.id))!;
  }

  async update(id: string, input: EventInput): Promise<CatalogEvent | undefined> {
    const updated = await this.db.query<{ id: string }>(
      'update events set name = $2, artist = $3, date = $4, price_cents = $5, description = $6, category_id = $7 where id = $1 returning id',
      [id, input.name, input.artist, input.date, input.priceCents, input.description, input.categoryId],
    );
    return updated.length === 0 ? undefined : this.find(id);
  }
}

function toEvent(row: EventRow): CatalogEvent {
  return {
    id: row.id,
    name: row.name,
    artist: row.artist,
    date: row.date.toISOString(),
    price: row.price_cents / 100,
    description: row.description,
    category: { id: row.category_id, name: row.category_name },
  };
}
