import type { SchemaMigration } from '@baton-demo/kit';

/**
 * The discount schema, seeded on first start: coupons for the demo authority's users (their
 * `sub` is their username) and the template every other user's first coupon is made from.
 */
export const DISCOUNT_MIGRATIONS: readonly SchemaMigration[] = [
  {
    id: '001-coupons',
    sql: `
      create table coupons (
        sub text primary key,
        code text not null unique,
        amount_cents integer not null check (amount_cents > 0),
        used boolean not null default false,
        used_at timestamptz
      );
      create table coupon_template (
        id integer primary key check (id = 1),
        code_prefix text not null,
        amount_cents integer not null check (amount_cents > 0)
      );
    `,
    seed: async (tx) => {
      await tx.query("insert into coupon_template (id, code_prefix, amount_cents) values (1, 'WELCOME', 500)");
      await tx.query(
        "insert into coupons (sub, code, amount_cents) values ('alice', 'ALICE-WELCOME', 2000), ('bob', 'BOB-WELCOME', 1000)",
      );
    },
  },
];
