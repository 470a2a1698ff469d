import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { DatabaseLocation } from './database-location.js';
import type { SqlDatabase, SqlExecutor, SqlValue } from './sql-database.js';

/**
 * {@link SqlDatabase} on PGlite: PostgreSQL compiled to WebAssembly, running in the service's
 * process from the npm package alone (no server, no native binary). On disk it keeps a normal
 * PostgreSQL data directory; `memory://` keeps everything in memory (tests).
 *
 * PGlite has one connection: statements run one at a time, and a transaction holds the
 * database until it ends. Enough for a demo; a server database takes over under load.
 *
 * @example
 * ```ts
 * const db = await PgliteDatabase.open({ kind: 'directory', path: '.data/eventcatalog' });
 * const [row] = await db.query<{ now: Date }>('select now() as now');
 * await db.close();
 * ```
 */
export class PgliteDatabase implements SqlDatabase {
  private constructor(private readonly pg: PGlite) {}

  /** Opens (and on first use creates) the database at `location`. */
  static async open(location: DatabaseLocation): Promise<PgliteDatabase> {
    if (location.kind === 'directory') mkdirSync(location.path, { recursive: true });
    const pg = await PGlite.create(location.kind === 'memory' ? 'memory://' : location.path);
    return new PgliteDatabase(pg);
  }

  async query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    const result = await this.pg.query<Row>(sql, [...params]);
    return result.rows;
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.pg.transaction(async (tx) =>
      work({
        query: async <Row extends object>(sql: string, params: readonly SqlValue[] = []) => (await tx.query<Row>(sql, [...params])).rows,
        exec: async (script: string) => {
          await tx.exec(script);
        },
      }),
    );
  }

  async exec(script: string): Promise<void> {
    await this.pg.exec(script);
  }

  async close(): Promise<void> {
    if (!this.pg.closed) await this.pg.close();
  }
}
