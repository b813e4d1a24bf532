import type { MigrationInterface, QueryRunner } from 'typeorm';

import { APP_ROLE, TENANT_PREDICATE } from '../database-roles';

/** Tables that carry `tenant_id` and are guarded by row-level security. */
export const TENANT_TABLES = ['users', 'documents', 'chunks'] as const;

/**
 * Creates tenants, users, documents and chunks with row-level security. The embedding
 * column width is fixed here from VECTOR_DIMENSION; a later change is caught at startup.
 */
export function initialSchemaMigration(dimension: number): new () => MigrationInterface {
  return class InitialSchema1764870000000 implements MigrationInterface {
    name = 'InitialSchema1764870000000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE EXTENSION IF NOT EXISTS vector`);
      await runner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
      await runner.query(`
        DO $$
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
            CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
          END IF;
        END $$`);
      // Italian stemming after accent removal, so "perché" and "perche" match.
      await runner.query(`CREATE TEXT SEARCH CONFIGURATION fisiorag_italian (COPY = italian)`);
      await runner.query(`
        ALTER TEXT SEARCH CONFIGURATION fisiorag_italian
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, italian_stem`);

      await runner.query(`
        CREATE TABLE tenants (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
          name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
          default_language text NOT NULL DEFAULT 'it' CHECK (default_language IN ('it', 'en')),
          status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        )`);
      await runner.query(`
        CREATE TABLE users (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
          email text NOT NULL CHECK (email = lower(email)),
          password_hash text NOT NULL,
          role text NOT NULL CHECK (role IN ('admin', 'member', 'student')),
          display_name text,
          disabled_at timestamptz,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          UNIQUE (tenant_id, email),
          UNIQUE (tenant_id, id)
        )`);
      await runner.query(`
        CREATE TABLE documents (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
          title text NOT NULL,
          source_filename text,
          mime_type text NOT NULL,
          content_sha256 text NOT NULL,
          content text NOT NULL,
          char_count integer NOT NULL,
          chunk_count integer NOT NULL DEFAULT 0,
          status text NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'processing', 'ready', 'failed')),
          error text,
          metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
          embedding_model text,
          created_by uuid,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          UNIQUE (tenant_id, content_sha256),
          UNIQUE (tenant_id, id)
        )`);
      await runner.query(
        `CREATE INDEX documents_tenant_created_idx ON documents (tenant_id, created_at DESC, id)`,
      );
      await runner.query(`
        CREATE TABLE chunks (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          tenant_id uuid NOT NULL,
          document_id uuid NOT NULL,
          ordinal integer NOT NULL,
          heading_path text[] NOT NULL DEFAULT '{}',
          heading text NOT NULL DEFAULT '',
          content text NOT NULL,
          start_offset integer NOT NULL CHECK (start_offset >= 0),
          end_offset integer NOT NULL CHECK (end_offset > start_offset),
          token_estimate integer NOT NULL,
          embedding vector(${dimension}) NOT NULL,
          search_vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('fisiorag_italian', heading), 'A') ||
            setweight(to_tsvector('fisiorag_italian', content), 'B')
          ) STORED,
          created_at timestamptz NOT NULL DEFAULT now(),
          FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE,
          UNIQUE (document_id, ordinal)
        )`);
      await runner.query(
        `CREATE INDEX chunks_tenant_document_idx ON chunks (tenant_id, document_id)`,
      );
      await runner.query(
        `CREATE INDEX chunks_embedding_hnsw_idx ON chunks USING hnsw (embedding vector_cosine_ops)`,
      );
      await runner.query(
        `CREATE INDEX chunks_search_vector_idx ON chunks USING gin (search_vector)`,
      );

      for (const table of TENANT_TABLES) {
        await runner.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
        await runner.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
        await runner.query(`
          CREATE POLICY tenant_isolation ON ${table}
            USING (${TENANT_PREDICATE}) WITH CHECK (${TENANT_PREDICATE})`);
      }

      await runner.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
      await runner.query(
        `GRANT SELECT, INSERT, UPDATE, DELETE ON tenants, users, documents, chunks TO ${APP_ROLE}`,
      );
      // The API checks at start that no migration is pending.
      await runner.query(`GRANT SELECT ON schema_migrations TO ${APP_ROLE}`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE IF EXISTS chunks, documents, users, tenants`);
      await runner.query(`DROP TEXT SEARCH CONFIGURATION IF EXISTS fisiorag_italian`);
    }
  };
}
