import type { SqlExecutor } from './sql-database.js';

/**
 * One step of a service's schema, applied once and recorded: the SQL that creates or changes
 * tables, then optionally the rows it starts with (the demo's seed data).
 *
 * @example
 * ```ts
 * const createCoupons: SchemaMigration = {
 *   id: '001-coupons',
 *   sql: 'create table coupons (sub text primary key, code text not null, amount_cents integer not null, used boolean not null default false)',
 *   seed: async (tx) => { await tx.query("insert into coupons (sub, code, amount_cents) values ('alice', 'ALICE20', 2000)"); },
 * };
 * ```
 */
export interface SchemaMigration {
  /** A stable, unique id; migrations run in the order given, each once per database. */
  readonly id: string;
  /** Statements (PostgreSQL), run as one script. */
  readonly sql: string;
  /** Rows to insert right after `sql`, in the same transaction. */
  readonly seed?: (tx: SqlExecutor) => Promise<void>;
}
