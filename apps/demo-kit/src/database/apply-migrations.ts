import type { SchemaMigration } from './schema-migration.js';
import type { SqlDatabase } from './sql-database.js';

/**
 * Brings a database up to date: runs each migration not yet recorded in `schema_migrations`,
 * with its seed, in one transaction per migration. Running it again changes nothing, so data
 * added while the service ran survives restarts.
 *
 * @returns the ids of the migrations applied now.
 * @example
 * ```ts
 * await applyMigrations(db, [createEvents, seedEvents]);
 * ```
 */
export async function applyMigrations(db: SqlDatabase, migrations: readonly SchemaMigration[]): Promise<string[]> {
  const ids = migrations.map((migration) => migration.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) throw new TypeError(`Two schema migrations have the id "${duplicate}"; give each a unique id.`);
  await db.exec('create table if not exists schema_migrations (id text primary key, applied_at timestamptz not null default now())');
  const applied = new Set((await db.query<{ id: string }>('select id from schema_migrations')).map((row) => row.id));
  const now: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    await db.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await migration.seed?.(tx);
      await tx.query('insert into schema_migrations (id) values ($1)', [migration.id]);
    });
    now.push(migration.id);
  }
  return now;
}
