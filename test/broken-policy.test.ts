import { randomUUID } from 'node:crypto';

import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { APP_ROLE, TENANT_PREDICATE, migrateDatabase } from '@fisiorag/database';

import { type TenantCorpus, runIsolationProbe, seedTenantCorpora } from './support/isolation-probe';
import { type QueryRows, findRowLevelSecurityProblems } from './support/rls-catalog';
import { TEST_TARGET, type TestApp, startTestApp } from './support/test-app';

const ADMIN_URL =
  process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database of its own, so breaking a policy never touches the one other tests use. */
interface ScratchDatabase {
  api: TestApp;
  /** Runs SQL as the schema owner (the superuser in embedded mode). */
  asOwner: QueryRows;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;

  return parsed.toString();
}

async function runAs(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function createEmbeddedScratch(env: Record<string, string>): Promise<ScratchDatabase> {
  // Each embedded app starts on a new in-memory PGlite.
  const api = await startTestApp(env);
  const dataSource = api.app.get(DataSource);

  return {
    api,
    asOwner: (sql, parameters) => dataSource.query(sql, parameters),
    drop: () => api.close(),
  };
}

async function createPostgresScratch(env: Record<string, string>): Promise<ScratchDatabase> {
  const apiUrl = process.env.TEST_DATABASE_URL as string;
  const ownerUrl = process.env.TEST_MIGRATIONS_DATABASE_URL as string;
  const name = `${new URL(apiUrl).pathname.slice(1)}_scratch_${randomUUID().slice(0, 8)}`;
  const owner = new URL(ownerUrl).username;
  await runAs(ADMIN_URL, `CREATE DATABASE ${name} OWNER ${owner} TEMPLATE template0`);
  await runAs(withDatabase(ADMIN_URL, name), 'CREATE EXTENSION vector; CREATE EXTENSION unaccent');
  const scratchOwnerUrl = withDatabase(ownerUrl, name);
  await migrateDatabase({ url: scratchOwnerUrl, vectorDimension: 1536 });
  await runAs(scratchOwnerUrl, `GRANT ${APP_ROLE} TO ${new URL(apiUrl).username}`);

  const api = await startTestApp({
    ...env,
    DATABASE_URL: withDatabase(apiUrl, name),
    MIGRATIONS_DATABASE_URL: scratchOwnerUrl,
  });
  const ownerClient = new Client({ connectionString: scratchOwnerUrl });
  await ownerClient.connect();

  return {
    api,
    asOwner: async (sql, parameters) => (await ownerClient.query(sql, parameters)).rows,
    drop: async () => {
      await api.close();
      await ownerClient.end();
      await runAs(ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

describe('isolation checks on a broken policy', () => {
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    const env = { RATE_LIMIT_DEFAULT: '1000000', RATE_LIMIT_QUERY: '1000000' };
    scratch =
      TEST_TARGET === 'postgres'
        ? await createPostgresScratch(env)
        : await createEmbeddedScratch(env);
  }, 300_000);

  afterAll(async () => {
    await scratch?.drop();
  });

  function probe(corpora: TenantCorpus[], seed: number) {
    return runIsolationProbe(scratch.api, corpora, { requests: 300, concurrency: 8, seed });
  }

  async function replacePolicy(table: string, predicate: string): Promise<void> {
    await scratch.asOwner(`DROP POLICY tenant_isolation ON ${table}`);
    await scratch.asOwner(
      `CREATE POLICY tenant_isolation ON ${table} USING (${predicate}) WITH CHECK (${predicate})`,
    );
  }

  // Over HTTP a broken chunks policy shows nothing, because retrieval joins chunks to documents.
  // The probe's direct read of every tenant table through the unit of work catches it.
  it.each(['documents', 'chunks'])(
    'catches a USING (true) policy on %s',
    async (table) => {
      // New tenants per case, because a broken policy lets the probe delete others' documents.
      const corpora = await seedTenantCorpora(scratch.api, 4);
      const intact = await probe(corpora, 1);
      expect(intact.violations).toEqual([]);

      await replacePolicy(table, 'true');
      try {
        const broken = await probe(corpora, 2);
        const catalog = await findRowLevelSecurityProblems(scratch.asOwner);
        process.stdout.write(
          `broken ${table} policy (${TEST_TARGET}): ${broken.violations.length} isolation ` +
            `violations over ${broken.requests} requests, e.g. ${broken.violations[0]}\n`,
        );

        expect(broken.violations.length).toBeGreaterThan(0);
        expect(catalog.problems).toEqual(
          [
            `${table}: permissive policy tenant_isolation uses true instead of the tenant predicate`,
            `${table}: no policy for all commands with the tenant predicate`,
          ].sort(),
        );
      } finally {
        await replacePolicy(table, TENANT_PREDICATE);
      }
    },
    300_000,
  );
});
