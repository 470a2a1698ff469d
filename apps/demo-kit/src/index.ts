/**
 * @baton-demo/kit: what the demo apps share.
 *
 * @packageDocumentation
 */
export { DEMO_APIS, DEMO_CLIENTS, DEMO_SECRETS, demoTopology, portOf, type DemoTopology } from './topology.js';
export { loadOrCreateSecret } from './secrets.js';
export { applyMigrations } from './database/apply-migrations.js';
export { databaseLocation, type DatabaseLocation } from './database/database-location.js';
export { DemoDatabaseModule, type DemoDatabaseOptions } from './database/demo-database.module.js';
export { PgliteDatabase } from './database/pglite-database.js';
export type { SchemaMigration } from './database/schema-migration.js';
export type { SqlDatabase, SqlExecutor, SqlValue } from './database/sql-database.js';
export { SQL_DATABASE } from './database/sql-database.token.js';
export { claimsSeenOf } from './claims/claims-seen-of.js';
export type { ActorSeen, TokenClaimsSeen } from './claims/token-claims-seen.js';
export { HealthController } from './health/health.controller.js';
export { setupDemoDocs } from './openapi/setup-demo-docs.js';
export { demoServiceConfig, type DemoServiceConfig, type DemoServiceName } from './service/demo-service-config.js';
export type { DemoServiceOptions } from './service/demo-service-options.js';
export { DemoServiceModule } from './service/demo-service.module.js';
export { DEMO_SERVICE_CONFIG, DEMO_SERVICE_OPTIONS } from './service/demo-service.tokens.js';
export { startDemoService, type StartDemoServiceOptions } from './service/start-demo-service.js';
export { testServiceConfig } from './service/test-service-config.js';
export { bodySchema, type BodyOf, type BodySchema, type BodyShape, type BodyValue } from './validation/body-schema.js';
export type { Field, FieldResult } from './validation/field.js';
export { field } from './validation/fields.js';
export { valueSchema } from './validation/value-schema.js';
export type { OpenApiSchema } from './openapi/openapi-schema.js';
export { subjectOf } from './claims/subject-of.js';
