/** Runs one SQL statement and returns its rows (a DataSource, a pg Client wrapper, ...). */
export type QueryRows = (sql: string, parameters?: unknown[]) => Promise<unknown[]>;

interface PolicyFacts {
  name: string;
  permissive: string;
  roles: string[];
  cmd: string;
  qual: string | null;
  withCheck: string | null;
}

interface TenantTableFacts {
  table: string;
  rls: boolean;
  forced: boolean;
  policies: PolicyFacts[];
}

/** Every public table with a `tenant_id` column, its RLS flags and its policies. */
const TENANT_TABLES_SQL = `
  SELECT c.relname::text AS table,
         c.relrowsecurity AS rls,
         c.relforcerowsecurity AS forced,
         coalesce(
           json_agg(json_build_object(
             'name', p.policyname, 'permissive', p.permissive, 'roles', array_to_json(p.roles),
             'cmd', p.cmd, 'qual', p.qual, 'withCheck', p.with_check))
             FILTER (WHERE p.policyname IS NOT NULL),
           '[]'::json) AS policies
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
    LEFT JOIN pg_policies p ON p.schemaname = 'public' AND p.tablename = c.relname
   WHERE c.relkind IN ('r', 'p')
   GROUP BY c.relname, c.relrowsecurity, c.relforcerowsecurity
   ORDER BY c.relname`;

/**
 * The tenant predicate as PostgreSQL prints it back, with spaces and parentheses removed:
 * `tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid`.
 */
const TENANT_PREDICATE =
  "tenant_id=NULLIFcurrent_setting'app.current_tenant_id'::text,true,''::text::uuid";

function normalize(expression: string | null): string {
  return (expression ?? '').replace(/[\s()]/g, '');
}

function isTenantPredicate(expression: string | null): boolean {
  return normalize(expression) === TENANT_PREDICATE;
}

function tableProblems(facts: TenantTableFacts): string[] {
  const problems: string[] = [];
  if (!facts.rls) {
    problems.push(`${facts.table}: row-level security is not enabled`);
  }
  if (!facts.forced) {
    problems.push(`${facts.table}: row-level security is not forced`);
  }
  const guarding = facts.policies.filter(
    (policy) =>
      policy.cmd === 'ALL' &&
      policy.permissive === 'PERMISSIVE' &&
      (policy.roles.includes('public') || policy.roles.includes('fisiorag_app')) &&
      isTenantPredicate(policy.qual) &&
      (policy.withCheck === null || isTenantPredicate(policy.withCheck)),
  );
  if (guarding.length === 0) {
    problems.push(`${facts.table}: no policy for all commands with the tenant predicate`);
  }
  // Permissive policies are OR-ed: one that admits more rows opens the table to every tenant.
  for (const policy of facts.policies) {
    if (policy.permissive === 'PERMISSIVE' && !isTenantPredicate(policy.qual)) {
      problems.push(
        `${facts.table}: permissive policy ${policy.name} uses ${policy.qual ?? '(no USING)'} ` +
          'instead of the tenant predicate',
      );
    }
  }

  return problems;
}

/** Reads the catalog and lists every tenant table whose row-level security is incomplete. */
export async function findRowLevelSecurityProblems(
  query: QueryRows,
): Promise<{ tables: string[]; problems: string[] }> {
  const rows = (await query(TENANT_TABLES_SQL)) as TenantTableFacts[];

  return {
    tables: rows.map((row) => row.table),
    problems: rows.flatMap(tableProblems),
  };
}
