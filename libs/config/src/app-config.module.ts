import { type DynamicModule, Global, Module } from '@nestjs/common';

import { AppConfig } from './app-config';
import { validateEnvironment } from './validate-environment';

export interface AppConfigOptions {
  /** Variables that replace the process environment entirely (tests, tools). */
  env?: Record<string, string | undefined>;
}

/**
 * Reads `.env` (when present) and the process environment, validates them once and
 * provides `AppConfig` globally.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(options: AppConfigOptions = {}): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: AppConfig, useValue: loadAppConfig(options.env) }],
      exports: [AppConfig],
    };
  }
}

let envFileLoaded = false;

/** Builds the validated configuration from `source`, or from `.env` plus `process.env`. */
export function loadAppConfig(source?: Record<string, string | undefined>): AppConfig {
  if (source) {
    return new AppConfig(validateEnvironment(source));
  }
  if (!envFileLoaded) {
    envFileLoaded = true;
    try {
      process.loadEnvFile('.env');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
    }
  }

  return new AppConfig(validateEnvironment(process.env));
}
