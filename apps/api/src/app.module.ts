import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import { AuthModule, ThrottlingModule } from '@fisiorag/auth';
import { AppConfig, AppConfigModule, type AppConfigOptions } from '@fisiorag/config';
import { DatabaseModule } from '@fisiorag/database';
import { HealthModule } from '@fisiorag/health';
import { IngestionModule } from '@fisiorag/ingestion';
import { MetricsModule } from '@fisiorag/metrics';
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
        MetricsModule,
        AuthModule.forRoot({ seedDemoTenant: true }),
        // After AuthModule: its guard needs the principal set by the JWT guard.
        ThrottlingModule,
        IngestionModule,
        RetrievalModule,
        HealthModule,
      ],
    };
  }
}
