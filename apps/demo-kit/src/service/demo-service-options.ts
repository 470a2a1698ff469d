import type { AuthModuleOptions } from '@baton/nest';
import type { SchemaMigration } from '../database/schema-migration.js';
import type { DemoDatabaseOptions } from '../database/demo-database.module.js';

/**
 * What one demo service adds to what all of them share: its schema and seed data, and the
 * text of its OpenAPI docs.
 *
 * @example
 * ```ts
 * const options: DemoServiceOptions = { title: 'GloboTicket discount', description: 'Coupons per user.', migrations: [createCoupons] };
 * ```
 */
export interface DemoServiceOptions {
  /** Title of the OpenAPI document. */
  title: string;
  /** Description of the OpenAPI document (Markdown). */
  description: string;
  /** The service's schema and seed data. */
  migrations: readonly SchemaMigration[];
  /** Opens the database instead of PGlite (see `DemoDatabaseOptions.open`). */
  openDatabase?: DemoDatabaseOptions['open'];
  /** Extra `AuthModule` options (algorithms, clock tolerance…). */
  auth?: Partial<Omit<AuthModuleOptions, 'issuer' | 'audience' | 'strict'>>;
}
