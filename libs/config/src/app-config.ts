import { AppEnvironment, type Environment } from './environment';

/**
 * Typed, validated configuration shared by every module. Built once at startup from
 * the environment; the only place outside libs/config that sees configuration values.
 */
export class AppConfig {
  constructor(readonly env: Readonly<Environment>) {}

  get isProduction(): boolean {
    return this.env.APP_ENV === AppEnvironment.Production;
  }

  /** True when no DATABASE_URL is set and the embedded PGlite serves the database. */
  get isEmbeddedDatabase(): boolean {
    return !this.env.DATABASE_URL;
  }

  get corsOrigins(): string[] | '*' {
    const raw = this.env.CORS_ORIGINS?.trim() ?? '';
    if (raw === '*') {
      return '*';
    }

    return raw
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0);
  }
}
