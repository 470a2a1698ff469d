/**
 * The injection token of the service's {@link SqlDatabase}, provided by `DemoDatabaseModule`.
 *
 * @example
 * ```ts
 * constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}
 * ```
 */
export const SQL_DATABASE = Symbol('baton-demo:sql-database');
