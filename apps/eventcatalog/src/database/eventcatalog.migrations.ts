import type { SchemaMigration } from '@baton-demo/kit';
import { seedCatalog } from './seed-catalog.js';

/**
 * The eventcatalog schema, seeded on first start. Prices are kept in cents, dates with their
 * time zone.
 */
export const EVENTCATALOG_MIGRATIONS: readonly SchemaMigration[] = [
  {
    id: '001-catalog',
    sql: `
      create table categories (
        id uuid primary key default gen_random_uuid(),
        name text not null unique
      );
      create table events (
        id uuid primary key default gen_random_uuid(),
        name text not null,
        artist text not null,
        date timestamptz not null,
        price_cents integer not null check (price_cents >= 0),
        description text not null default '',
        category_id uuid not null references categories (id)
      );
      create index events_by_category on events (category_id);
      create index events_by_date on events (date);
    `,
    seed: (tx) => seedCatalog(tx),
  },
];
