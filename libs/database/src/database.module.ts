import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AppConfig } from '@fisiorag/config';

import { DatabaseRuntime } from './database-runtime';
import { TenantDatabase } from './tenant-database.service';

/** Provides the shared DataSource and the tenant unit of work to every module. */
@Global()
@Module({
  providers: [
    {
      provide: DatabaseRuntime,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        DatabaseRuntime.open({
          databaseUrl: config.env.DATABASE_URL,
          pgliteDataDir: config.env.PGLITE_DATA_DIR,
          poolSize: config.env.DATABASE_POOL_SIZE,
          vectorDimension: config.env.VECTOR_DIMENSION,
        }),
    },
    {
      provide: DataSource,
      inject: [DatabaseRuntime],
      useFactory: (runtime: DatabaseRuntime) => runtime.dataSource,
    },
    TenantDatabase,
  ],
  exports: [DatabaseRuntime, DataSource, TenantDatabase],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DatabaseRuntime) private readonly runtime: DatabaseRuntime) {}

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }
}
