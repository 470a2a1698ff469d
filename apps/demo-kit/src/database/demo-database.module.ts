import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { applyMigrations } from './apply-migrations.js';
import type { DatabaseLocation } from './database-location.js';
import { PgliteDatabase } from './pglite-database.js';
import type { SchemaMigration } from './schema-migration.js';
import type { SqlDatabase } from './sql-database.js';
import { SQL_DATABASE } from './sql-database.token.js';

/** Options of {@link DemoDatabaseModule.forRoot}. */
export interface DemoDatabaseOptions {
  /** Where the data lives. */
  location: DatabaseLocation;
  /** The service's schema and seed data, applied at start-up (each migration once). */
  migrations: readonly SchemaMigration[];
  /**
   * Opens the database; default PGlite. The seam where a server database plugs in: return a
   * `SqlDatabase` backed by a `pg` pool and the repositories run unchanged.
   */
  open?: (location: DatabaseLocation) => Promise<SqlDatabase>;
}

/** Closes the database when the application shuts down, so PGlite flushes its data directory. */
@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

/**
 * Provides the service's {@link SqlDatabase} under {@link SQL_DATABASE}, opened and migrated
 * (schema created and seeded on first start) before the application accepts requests, and
 * closed at shutdown. Global: repositories anywhere in the app can inject it.
 *
 * @example
 * ```ts
 * DemoDatabaseModule.forRoot({ location: { kind: 'memory' }, migrations: [createCoupons] })
 * ```
 */
@Module({})
export class DemoDatabaseModule {
  static forRoot(options: DemoDatabaseOptions): DynamicModule {
    const open = options.open ?? ((location: DatabaseLocation) => PgliteDatabase.open(location));
    return {
      module: DemoDatabaseModule,
      global: true,
      providers: [
        {
          provide: SQL_DATABASE,
          useFactory: async (): Promise<SqlDatabase> => {
            const db = await open(options.location);
            try {
              await applyMigrations(db, options.migrations);
            } catch (error) {
              await db.close();
              throw error;
            }
            return db;
          },
        },
        DatabaseCloser,
      ],
      exports: [SQL_DATABASE],
    };
  }
}
