/** A value a query parameter may take. */
export type SqlValue = string | number | boolean | Date | null;

/** Runs SQL (PostgreSQL dialect, `$1` placeholders). */
export interface SqlExecutor {
  /** Runs one statement with parameters and returns its rows. */
  query<Row extends object>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (schema changes). */
  exec(script: string): Promise<void>;
}

/**
 * The database a demo service's repositories use. The demo runs it on PGlite (PostgreSQL
 * compiled to WebAssembly, in the process, no server); a `pg` pool implementing this
 * interface would run the same SQL on a PostgreSQL server (see the demo kit's README).
 *
 * @example
 * ```ts
 * const rows = await db.query<{ id: string }>('select id from events where category_id = $1', [categoryId]);
 * await db.transaction(async (tx) => { await tx.query('update …'); await tx.query('insert …'); });
 * ```
 */
export interface SqlDatabase extends SqlExecutor {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Flushes and closes the database. */
  close(): Promise<void>;
}
