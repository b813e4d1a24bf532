export { createDataSource } from './data-source.factory';
export { APP_ROLE, TENANT_PREDICATE, TENANT_SETTING } from './database-roles';
export { DatabaseRuntime, migrateDatabase } from './database-runtime';
export { DatabaseModule } from './database.module';
export { EmbeddedPostgres, IN_MEMORY } from './embedded-postgres';
export { TENANT_TABLES } from './migrations';
export { SchemaMismatchError } from './schema-checks';
export { TenantDatabase } from './tenant-database.service';
export { queryRows } from './query-rows';
