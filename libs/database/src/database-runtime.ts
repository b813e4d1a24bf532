import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { createDataSource } from './data-source.factory';
import { EmbeddedPostgres } from './embedded-postgres';
import { assertDatabaseRolesSafe, findDatabaseRoleProblems } from './role-checks';
import { assertMigrationsApplied, assertVectorDimension } from './schema-checks';

export interface DatabaseRuntimeSettings {
  /** PostgreSQL URL of the application login; undefined starts the embedded PGlite. */
  databaseUrl?: string;
  pgliteDataDir: string;
  poolSize: number;
  vectorDimension: number;
}

/**
 * Owns the DataSource and, in embedded mode, the PGlite server behind it. Embedded mode
 * migrates at start; with DATABASE_URL, migrations are an explicit command and startup
 * only checks that none is pending.
 */
export class DatabaseRuntime {
  private static readonly logger = new Logger(DatabaseRuntime.name);

  private constructor(
    readonly dataSource: DataSource,
    private readonly embedded?: EmbeddedPostgres,
  ) {}

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  /** URL of the database, for health probes that open their own connection instead of the pool's. */
  get url(): string {
    return (this.dataSource.options as { url: string }).url;
  }

  /** Connections of the pg pool behind TypeORM: checked out by a query, and idle. */
  poolStats(): { inUse: number; idle: number } {
    const pool = (this.dataSource.driver as { master?: { totalCount: number; idleCount: number } })
      .master;
    if (!pool) {
      return { inUse: 0, idle: 0 };
    }

    return { inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount };
  }

  /** Ways the database roles or tables let a tenant read past row-level security (for readiness). */
  findRoleProblems(): Promise<string[]> {
    return findDatabaseRoleProblems(this.dataSource, { embedded: this.isEmbedded });
  }

  static async open(settings: DatabaseRuntimeSettings): Promise<DatabaseRuntime> {
    const embedded = settings.databaseUrl
      ? undefined
      : await EmbeddedPostgres.start(settings.pgliteDataDir, settings.poolSize + 2);
    const dataSource = createDataSource({
      url: settings.databaseUrl ?? (embedded as EmbeddedPostgres).url,
      poolSize: settings.poolSize,
      vectorDimension: settings.vectorDimension,
    });
    try {
      await dataSource.initialize();
      if (embedded) {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        if (applied.length > 0) {
          DatabaseRuntime.logger.log(
            `applied ${applied.length} migration(s) to the embedded database`,
          );
        }
      } else {
        await assertMigrationsApplied(dataSource);
      }
      await assertVectorDimension(dataSource, settings.vectorDimension);
      await assertDatabaseRolesSafe(dataSource, { embedded: embedded !== undefined });
    } catch (error) {
      if (dataSource.isInitialized) {
        await dataSource.destroy();
      }
      await embedded?.stop();
      throw error;
    }

    return new DatabaseRuntime(dataSource, embedded);
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
    }
    await this.embedded?.stop();
  }
}

/** Applies pending migrations as the schema owner and returns their names. */
export async function migrateDatabase(settings: {
  url: string;
  vectorDimension: number;
}): Promise<string[]> {
  const dataSource = createDataSource({
    ...settings,
    poolSize: 1,
    applicationName: 'fisiorag-migrate',
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });

    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
