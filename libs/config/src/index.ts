export { AppConfig } from './app-config';
export { AppConfigModule, type AppConfigOptions, loadAppConfig } from './app-config.module';
export { AppEnvironment, EmbeddingProviderName, Environment } from './environment';
export { InvalidEnvironmentError, validateEnvironment } from './validate-environment';
