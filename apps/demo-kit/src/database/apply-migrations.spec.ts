import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations } from './apply-migrations.js';
import { PgliteDatabase } from './pglite-database.js';
import type { SchemaMigration } from './schema-migration.js';

const createItems: SchemaMigration = {
  id: '001-items',
  sql: 'create table items (id serial primary key, name text not null); create index items_name on items (name);',
  seed: async (tx) => {
    await tx.query('insert into items (name) values ($1), ($2)', ['first', 'second']);
  },
};
const addPrice: SchemaMigration = { id: '002-price', sql: 'alter table items add column price_cents integer not null default 0' };

describe('applyMigrations on PGlite', () => {
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'baton-demo-db-'));
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('creates and seeds on first start, keeps data and applies only new migrations after a restart', async () => {
    const first = await PgliteDatabase.open({ kind: 'directory', path: directory });
    expect(await applyMigrations(first, [createItems])).toEqual(['001-items']);
    await first.query('insert into items (name) values ($1)', ['added while running']);
    await first.close();

    const second = await PgliteDatabase.open({ kind: 'directory', path: directory });
    expect(await applyMigrations(second, [createItems, addPrice])).toEqual(['002-price']);
    expect(await applyMigrations(second, [createItems, addPrice])).toEqual([]);
    const rows = await second.query<{ name: string; price_cents: number }>('select name, price_cents from items order by id');
    expect(rows).toEqual([
      { name: 'first', price_cents: 0 },
      { name: 'second', price_cents: 0 },
      { name: 'added while running', price_cents: 0 },
    ]);
    await second.close();
  }, 60_000);

  it('rolls a failing migration back whole, seed included, and records nothing', async () => {
    const db = await PgliteDatabase.open({ kind: 'memory' });
    const broken: SchemaMigration = {
      id: '003-broken',
      sql: 'create table other (id integer primary key)',
      seed: async (tx) => {
        await tx.query('insert into other (id) values (1)');
        await tx.query('insert into other (id) values (1)');
      },
    };
    await expect(applyMigrations(db, [createItems, broken])).rejects.toThrow(/duplicate key/);
    expect(await db.query('select id from schema_migrations')).toEqual([{ id: '001-items' }]);
    expect(await db.query("select to_regclass('other') as t")).toEqual([{ t: null }]);
    await db.close();
  }, 60_000);

  it('refuses two migrations with one id', async () => {
    const db = await PgliteDatabase.open({ kind: 'memory' });
    await expect(applyMigrations(db, [createItems, { ...addPrice, id: '001-items' }])).rejects.toThrow(
      new TypeError('Two schema migrations have the id "001-items"; give each a unique id.'),
    );
    await db.close();
  }, 60_000);
});
