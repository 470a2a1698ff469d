import type { SchemaMigration } from '@baton-demo/kit';

/** The shoppingbasket schema: baskets and orders, keyed by the user's `sub`. Nothing to seed. */
export const SHOPPINGBASKET_MIGRATIONS: readonly SchemaMigration[] = [
  {
    id: '001-baskets-and-orders',
    sql: `
      create table basket_lines (
        sub text not null,
        event_id uuid not null,
        name text not null,
        price_cents integer not null check (price_cents >= 0),
        quantity integer not null check (quantity > 0),
        added_at timestamptz not null default clock_timestamp(),
        primary key (sub, event_id)
      );
      create table orders (
        id uuid primary key default gen_random_uuid(),
        sub text not null,
        subtotal_cents integer not null,
        discount_code text,
        discount_cents integer not null default 0,
        total_cents integer not null,
        placed_at timestamptz not null default now()
      );
      create index orders_by_sub on orders (sub);
      create table order_lines (
        order_id uuid not null references orders (id),
        event_id uuid not null,
        name text not null,
        price_cents integer not null,
        quantity integer not null,
        primary key (order_id, event_id)
      );
    `,
  },
];
