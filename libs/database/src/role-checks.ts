import type { DataSource } from 'typeorm';

import { APP_ROLE } from './database-roles';

/** Raised at startup when a database role or a tenant table lets a tenant past row-level security. */
export class UnsafeDatabaseRoleError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Row-level security is not in force, so one tenant could read another's data:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'UnsafeDatabaseRoleError';
  }
}

interface RoleFacts {
  role: string;
  exists: boolean;
  superuser: boolean;
  bypassRls: boolean;
  ownedTables: string[] | null;
}

interface TableFacts {
  table: string;
  rls: boolean;
  forced: boolean;
  policies: number;
}

/**
 * Attributes of a role, and the public tables whose owner it is or can become (a member of the
 * owner role can `SET ROLE` to it and switch row-level security off).
 */
const ROLE_FACTS_SQL = `
  SELECT $1::text AS role,
         r.oid IS NOT NULL AS exists,
         coalesce(r.rolsuper, false) AS superuser,
         coalesce(r.rolbypassrls, false) AS "bypassRls",
         (SELECT array_agg(c.relname::text ORDER BY c.relname)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public'
             AND c.relkind IN ('r', 'p')
             AND r.oid IS NOT NULL
             AND pg_has_role(r.oid, c.relowner, 'MEMBER')) AS "ownedTables"
    FROM (SELECT 1) AS one
    LEFT JOIN pg_roles r ON r.rolname = $1`;

/** Every public table with a `tenant_id` column, with its row-level security state. */
const TENANT_TABLE_FACTS_SQL = `
  SELECT c.relname::text AS table,
         c.relrowsecurity AS rls,
         c.relforcerowsecurity AS forced,
         (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
   ORDER BY c.relname`;

async function roleFacts(dataSource: DataSource, role: string): Promise<RoleFacts> {
  const rows: RoleFacts[] = await dataSource.query(ROLE_FACTS_SQL, [role]);

  return rows[0] as RoleFacts;
}

function describeRole(facts: RoleFacts, label: string): string[] {
  if (!facts.exists) {
    return [`${label} ${facts.role} does not exist: run the migrations`];
  }
  const problems: string[] = [];
  if (facts.superuser) {
    problems.push(`${label} ${facts.role} is a superuser: ALTER ROLE ${facts.role} NOSUPERUSER`);
  }
  if (facts.bypassRls) {
    problems.push(`${label} ${facts.role} has BYPASSRLS: ALTER ROLE ${facts.role} NOBYPASSRLS`);
  }
  if (facts.ownedTables && facts.ownedTables.length > 0) {
    problems.push(
      `${label} ${facts.role} owns (or is a member of the owner of) ${facts.ownedTables.join(', ')}: ` +
        'let a separate role own the schema and run the migrations',
    );
  }

  return problems;
}

function describeTables(tables: TableFacts[]): string[] {
  return tables
    .filter((table) => !table.rls || !table.forced || table.policies === 0)
    .map((table) => {
      const missing = [
        table.rls ? undefined : 'ENABLE ROW LEVEL SECURITY',
        table.forced ? undefined : 'FORCE ROW LEVEL SECURITY',
        table.policies > 0 ? undefined : 'a tenant policy',
      ].filter(Boolean);

      return `table ${table.table} has tenant_id but lacks ${missing.join(', ')}`;
    });
}

/**
 * Lists every way the roles let a tenant transaction read past row-level security; empty when
 * none. Tenant transactions run as APP_ROLE (`SET LOCAL ROLE`), so that role is always checked.
 * With PostgreSQL the login role is checked too. The embedded PGlite logs in as a superuser by
 * design, so there only APP_ROLE is checked. Tables with `tenant_id` must have RLS enabled,
 * forced and at least one policy.
 */
export async function findDatabaseRoleProblems(
  dataSource: DataSource,
  options: { embedded: boolean },
): Promise<string[]> {
  const problems = describeRole(await roleFacts(dataSource, APP_ROLE), 'the application role');
  if (!options.embedded) {
    const rows: { login: string; member: boolean }[] = await dataSource.query(
      `SELECT session_user::text AS login,
              EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)
                AND pg_has_role(session_user, $1, 'MEMBER') AS member`,
      [APP_ROLE],
    );
    const login = rows[0] as { login: string; member: boolean };
    problems.push(...describeRole(await roleFacts(dataSource, login.login), 'the login role'));
    if (!login.member) {
      problems.push(
        `the login role ${login.login} is not a member of ${APP_ROLE}, so tenant transactions ` +
          `cannot switch to it: GRANT ${APP_ROLE} TO ${login.login}`,
      );
    }
  }
  problems.push(...describeTables(await dataSource.query(TENANT_TABLE_FACTS_SQL)));

  return problems;
}

/** Throws `UnsafeDatabaseRoleError` listing every problem that `findDatabaseRoleProblems` finds. */
export async function assertDatabaseRolesSafe(
  dataSource: DataSource,
  options: { embedded: boolean },
): Promise<void> {
  const problems = await findDatabaseRoleProblems(dataSource, options);
  if (problems.length > 0) {
    throw new UnsafeDatabaseRoleError(problems);
  }
}
