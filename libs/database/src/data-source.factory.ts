import { DataSource } from 'typeorm';

import { buildMigrations } from './migrations';

export interface DataSourceSettings {
  url: string;
  poolSize: number;
  vectorDimension: number;
  applicationName?: string;
}

/** Creates (without connecting) the TypeORM DataSource every module shares. */
export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource({
    type: 'postgres',
    url: settings.url,
    poolSize: settings.poolSize,
    installExtensions: false,
    migrations: buildMigrations(settings.vectorDimension),
    migrationsTableName: 'schema_migrations',
    migrationsRun: false,
    synchronize: false,
    // Failed queries are logged by the code that catches them, without their parameters
    // (document text, embeddings), as JSON through the application logger.
    logging: false,
    connectTimeoutMS: 5000,
    applicationName: settings.applicationName ?? 'fisiorag',
    extra: {
      // Fail fast instead of queueing forever when the pool is exhausted.
      connectionTimeoutMillis: 10000,
      idleTimeoutMillis: 30000,
    },
  });
}
