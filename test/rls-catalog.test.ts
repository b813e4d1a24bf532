import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DataSource } from 'typeorm';

import { APP_ROLE, DatabaseRuntime, TENANT_TABLES } from '@fisiorag/database';

import { findRowLevelSecurityProblems } from './support/rls-catalog';
import { TEST_TARGET, type TestApp, startTestApp } from './support/test-app';

interface RoleRow {
  rolname: string;
  rolsuper: boolean;
  rolbypassrls: boolean;
  owned: number;
}

/** Attributes of a role and the number of public tables it owns or may act as the owner of. */
const ROLE_SQL = `
  SELECT r.rolname::text AS rolname, r.rolsuper, r.rolbypassrls,
         (SELECT count(*)::int FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
           WHERE c.relkind IN ('r', 'p') AND pg_has_role(r.oid, c.relowner, 'MEMBER')) AS owned
    FROM pg_roles r
   WHERE r.rolname = $1`;

describe('row-level security catalog', () => {
  let api: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    api = await startTestApp();
    dataSource = api.app.get(DataSource);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('finds RLS, FORCE and the tenant policy on every tenant table', async () => {
    const report = await findRowLevelSecurityProblems((sql, parameters) =>
      dataSource.query(sql, parameters),
    );

    expect(report.problems).toEqual([]);
    expect(report.tables).toEqual(expect.arrayContaining([...TENANT_TABLES]));
    expect(report.tables.length).toBeGreaterThanOrEqual(TENANT_TABLES.length);
  });

  it('keeps the application role under row-level security', async () => {
    const rows: RoleRow[] = await dataSource.query(ROLE_SQL, [APP_ROLE]);

    expect(rows).toEqual([{ rolname: APP_ROLE, rolsuper: false, rolbypassrls: false, owned: 0 }]);
    expect(await api.app.get(DatabaseRuntime).findRoleProblems()).toEqual([]);
  });

  if (TEST_TARGET === 'postgres') {
    it('keeps the PostgreSQL login role under row-level security', async () => {
      const [{ login }] = (await dataSource.query('SELECT session_user::text AS login')) as {
        login: string;
      }[];
      const rows: RoleRow[] = await dataSource.query(ROLE_SQL, [login]);

      expect(rows).toEqual([{ rolname: login, rolsuper: false, rolbypassrls: false, owned: 0 }]);
    });

    it('refuses to start as the schema owner', async () => {
      const ownerUrl = process.env.TEST_MIGRATIONS_DATABASE_URL as string;

      await expect(startTestApp({ DATABASE_URL: ownerUrl })).rejects.toThrow(
        /the login role fisiorag_owner owns .*documents/,
      );
    });
  }
});

if (TEST_TARGET === 'embedded') {
  describe('embedded role checks', () => {
    let dataDir: string;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'fisiorag-roles-'));
    });

    afterAll(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    it('reports and refuses a role that bypasses row-level security', async () => {
      const env = { PGLITE_DATA_DIR: join(dataDir, 'pglite') };
      const api = await startTestApp(env);
      try {
        // Embedded connections are superusers, so the test can break what the checks guard.
        const dataSource = api.app.get(DataSource);
        await dataSource.query(`ALTER ROLE ${APP_ROLE} BYPASSRLS`);
        await dataSource.query('ALTER TABLE documents NO FORCE ROW LEVEL SECURITY');

        expect(await api.app.get(DatabaseRuntime).findRoleProblems()).toEqual([
          `the application role ${APP_ROLE} has BYPASSRLS: ALTER ROLE ${APP_ROLE} NOBYPASSRLS`,
          'table documents has tenant_id but lacks FORCE ROW LEVEL SECURITY',
        ]);
      } finally {
        await api.close();
      }

      await expect(startTestApp(env)).rejects.toThrow(/has BYPASSRLS[\s\S]*table documents/);
    });
  });
}
