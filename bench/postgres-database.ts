import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

import { Client } from 'pg';

import { APP_ROLE, migrateDatabase } from '@fisiorag/database';

const run = promisify(execFile);

export interface BenchDatabase {
  /** Login of the API: not a superuser, member of the application role. */
  appUrl: string;
  /** Login of the schema owner, which runs migrations and seeds. */
  ownerUrl: string;
}

/**
 * Recreates the benchmark database with scripts/prepare-test-database.sh, migrates it as the
 * owner and lets the API login act as the application role, as the service test suite does.
 */
export async function prepareBenchDatabase(
  name: string,
  vectorDimension: number,
): Promise<BenchDatabase> {
  const script = resolve(__dirname, '../../../scripts/prepare-test-database.sh');
  const { stdout } = await run('bash', [script], {
    env: { ...process.env, TEST_DATABASE_NAME: name },
  });
  const urls = Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const appUrl = urls.TEST_DATABASE_URL;
  const ownerUrl = urls.TEST_MIGRATIONS_DATABASE_URL;
  if (!appUrl || !ownerUrl) {
    throw new Error(`prepare-test-database.sh printed no database URLs: ${stdout}`);
  }

  await migrateDatabase({ url: ownerUrl, vectorDimension });
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const appLogin = new URL(appUrl).username;
    await owner.query(`GRANT ${APP_ROLE} TO ${owner.escapeIdentifier(appLogin)}`);
  } finally {
    await owner.end();
  }

  return { appUrl, ownerUrl };
}
