import type { MigrationInterface, QueryRunner } from 'typeorm';

import { APP_ROLE, TENANT_PREDICATE } from '../database-roles';

/** Tenant-owned tables this migration adds, each guarded by row-level security. */
export const IDENTITY_TENANT_TABLES = ['refresh_tokens', 'access_codes', 'audit_log'] as const;

/**
 * Adds platform admins (no tenant), refresh tokens, student access codes and the audit log.
 * Refresh tokens and access codes store only the SHA-256 of a random secret.
 */
export class IdentityAndAudit1764950000000 implements MigrationInterface {
  name = 'IdentityAndAudit1764950000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE platform_admins (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        password_hash text NOT NULL,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        family_id uuid NOT NULL,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
        UNIQUE (tenant_id, token_hash)
      )`);
    await runner.query(
      `CREATE INDEX refresh_tokens_tenant_family_idx ON refresh_tokens (tenant_id, family_id)`,
    );
    await runner.query(
      `CREATE INDEX refresh_tokens_tenant_user_idx ON refresh_tokens (tenant_id, user_id)`,
    );
    await runner.query(`
      CREATE TABLE access_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
        role text NOT NULL CHECK (role IN ('member', 'student')),
        code_hash text NOT NULL,
        max_uses integer NOT NULL CHECK (max_uses >= 1),
        use_count integer NOT NULL DEFAULT 0 CHECK (use_count >= 0),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, code_hash)
      )`);
    await runner.query(
      `CREATE INDEX access_codes_tenant_created_idx ON access_codes (tenant_id, created_at DESC, id)`,
    );
    await runner.query(`
      CREATE TABLE audit_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        actor_type text NOT NULL
          CHECK (actor_type IN ('user', 'platform_admin', 'access_code', 'external', 'system')),
        actor_id uuid,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        request_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      `CREATE INDEX audit_log_tenant_created_idx ON audit_log (tenant_id, created_at DESC, id)`,
    );

    for (const table of IDENTITY_TENANT_TABLES) {
      await runner.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await runner.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await runner.query(`
        CREATE POLICY tenant_isolation ON ${table}
          USING (${TENANT_PREDICATE}) WITH CHECK (${TENANT_PREDICATE})`);
    }

    await runner.query(`GRANT SELECT, INSERT, UPDATE ON platform_admins TO ${APP_ROLE}`);
    await runner.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON refresh_tokens, access_codes TO ${APP_ROLE}`,
    );
    // The application appends to the audit log but never edits or removes an entry.
    await runner.query(`GRANT SELECT, INSERT ON audit_log TO ${APP_ROLE}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `DROP TABLE IF EXISTS audit_log, access_codes, refresh_tokens, platform_admins`,
    );
  }
}
