import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import { AuthModule } from '@fisiorag/auth';
import { AppConfig, AppConfigModule, type AppConfigOptions } from '@fisiorag/config';
import { DatabaseModule } from '@fisiorag/database';
import { HealthModule } from '@fisiorag/health';
import { IngestionModule } from '@fisiorag/ingestion';
import { RetrievalModule } from '@fisiorag/retrieval';

import { loggerOptions } from './logger-options';

@Module({})
export class AppModule {
  static register(options: AppConfigOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(options),
        LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerOptions }),
        DatabaseModule,
        AuthModule.forRoot({ seedDemoTenant: true }),
        IngestionModule,
        RetrievalModule,
        HealthModule,
      ],
    };
  }
}
