import type { MigrationInterface } from 'typeorm';

import {
  TENANT_TABLES as INITIAL_TENANT_TABLES,
  initialSchemaMigration,
} from './1764870000000-initial-schema';
import {
  IDENTITY_TENANT_TABLES,
  IdentityAndAudit1764950000000,
} from './1764950000000-identity-and-audit';

/** Every table with `tenant_id`, across all migrations; each has FORCE RLS and the tenant policy. */
export const TENANT_TABLES: readonly string[] = [
  ...INITIAL_TENANT_TABLES,
  ...IDENTITY_TENANT_TABLES,
];

/** Every migration in order; those that size vector columns take VECTOR_DIMENSION. */
export function buildMigrations(vectorDimension: number): (new () => MigrationInterface)[] {
  return [initialSchemaMigration(vectorDimension), IdentityAndAudit1764950000000];
}
