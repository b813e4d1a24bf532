import type { MigrationInterface } from 'typeorm';

import { initialSchemaMigration } from './1764870000000-initial-schema';

export { TENANT_TABLES } from './1764870000000-initial-schema';

/** Every migration in order; those that size vector columns take VECTOR_DIMENSION. */
export function buildMigrations(vectorDimension: number): (new () => MigrationInterface)[] {
  return [initialSchemaMigration(vectorDimension)];
}
