import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

export enum AppEnvironment {
  Development = 'development',
  Test = 'test',
  Production = 'production',
}

export enum EmbeddingProviderName {
  Hashing = 'hashing',
  OpenAi = 'openai',
}

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') {
    return value;
  }
  const lowered = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lowered)) {
    return true;
  }
  if (['false', '0', 'no', 'off', ''].includes(lowered)) {
    return false;
  }

  return value;
};

const HOST_NAME = String.raw`(\.?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])`;
const ALLOWED_HOSTS_PATTERN = new RegExp(`^(\\*|${HOST_NAME}(\\s*,\\s*${HOST_NAME})*)$`);

const POSTGRES_URL = { protocols: ['postgres', 'postgresql'], require_tld: false };
const HTTP_URL = { protocols: ['http', 'https'], require_tld: false };

/**
 * Every environment variable FisioRAG reads, with its default and rule. `.env.example`
 * documents the same list; `validateEnvironment` turns the raw strings into this class.
 */
export class Environment {
  @IsEnum(AppEnvironment)
  APP_ENV: AppEnvironment = AppEnvironment.Development;

  @IsString()
  @MinLength(1)
  APP_HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  APP_PORT = 8000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toBoolean)
  @IsBoolean()
  DEBUG_MODE = false;

  /** PostgreSQL connection of the application role; unset selects the embedded PGlite. */
  @IsOptional()
  @IsUrl(POSTGRES_URL)
  DATABASE_URL?: string;

  /** Connection of the schema owner used by `migrate`; defaults to DATABASE_URL. */
  @IsOptional()
  @IsUrl(POSTGRES_URL)
  MIGRATIONS_DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @IsString()
  @MinLength(1)
  PGLITE_DATA_DIR = './data/pglite';

  @IsOptional()
  @IsString()
  @MinLength(16)
  JWT_SECRET_KEY?: string;

  @IsString()
  @MinLength(1)
  JWT_ISSUER = 'fisiorag';

  @IsString()
  @MinLength(1)
  JWT_AUDIENCE = 'fisiorag-api';

  /** Lifetime of an access token, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_ACCESS_TOKEN_TTL = 900;

  // --- Identity: refresh tokens, access codes, external OpenID Connect provider ---

  /** Lifetime of a refresh token, in seconds; every rotation starts a new lifetime. */
  @Transform(toInt)
  @IsInt()
  @Min(300)
  @Max(90 * 86400)
  JWT_REFRESH_TOKEN_TTL = 14 * 86400;

  /** Lifetime of the access token that an access code is exchanged for, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  ACCESS_CODE_TOKEN_TTL = 3600;

  /** JWKS of an external OpenID Connect provider whose tokens are accepted too. */
  @IsOptional()
  @IsUrl(HTTP_URL)
  JWT_JWKS_URL?: string;

  /** `iss` of the external provider's tokens; required with JWT_JWKS_URL. */
  @ValidateIf((env: Environment) => env.JWT_JWKS_URL !== undefined)
  @IsString()
  @MinLength(1)
  JWT_JWKS_ISSUER?: string;

  /** `aud` the external provider's tokens must carry; required with JWT_JWKS_URL. */
  @ValidateIf((env: Environment) => env.JWT_JWKS_URL !== undefined)
  @IsString()
  @MinLength(1)
  JWT_JWKS_AUDIENCE?: string;

  /** Claim of an external token that carries the tenant slug or id. */
  @IsString()
  @Matches(/^[A-Za-z0-9_:./-]{1,200}$/)
  JWT_JWKS_TENANT_CLAIM = 'tenant';

  /** Claim of an external token that carries the role (admin, member or student). */
  @IsString()
  @Matches(/^[A-Za-z0-9_:./-]{1,200}$/)
  JWT_JWKS_ROLE_CLAIM = 'role';

  /** Comma-separated asymmetric algorithms accepted from the external provider. */
  @IsString()
  @Matches(/^((RS|PS|ES)(256|384|512)|EdDSA)(,((RS|PS|ES)(256|384|512)|EdDSA))*$/, {
    message:
      'JWT_JWKS_ALGORITHMS must be a comma-separated list of RS256-512, PS256-512, ES256-512 or EdDSA',
  })
  JWT_JWKS_ALGORITHMS = 'RS256,ES256';

  /** How long fetched JWKS keys are used before they are fetched again, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86400)
  JWT_JWKS_CACHE_MAX_AGE = 600;

  /** Least time between two JWKS fetches for tokens with an unknown `kid`, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  JWT_JWKS_COOLDOWN = 30;

  @IsEnum(EmbeddingProviderName)
  EMBEDDING_PROVIDER: EmbeddingProviderName = EmbeddingProviderName.Hashing;

  @IsOptional()
  @IsString()
  @MinLength(1)
  EMBEDDING_MODEL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  EMBEDDING_API_KEY?: string;

  @IsOptional()
  @IsUrl(HTTP_URL)
  EMBEDDING_BASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(32)
  @Max(2000, { message: 'VECTOR_DIMENSION must be at most 2000, the HNSW limit of pgvector' })
  VECTOR_DIMENSION = 1536;

  /** Comma-separated list of allowed browser origins; empty allows none. */
  @IsOptional()
  @IsString()
  @Matches(/^(\*|https?:\/\/[^,\s]+(\s*,\s*https?:\/\/[^,\s]+)*)?$/, {
    message: 'CORS_ORIGINS must be "*" or a comma-separated list of http(s) origins',
  })
  CORS_ORIGINS?: string;

  /** Largest accepted upload or JSON document body, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

  /** Target chunk length, in characters. */
  @Transform(toInt)
  @IsInt()
  @Min(200)
  @Max(8000)
  CHUNK_SIZE = 1000;

  /** Characters repeated between consecutive chunks of one section. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(2000)
  CHUNK_OVERLAP = 150;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  DEMO_TENANT_SLUG?: string;

  // --- Perimeter: rate limits, proxies, Host header, Swagger UI ---

  /** Redis 7 for rate-limit counters shared by every replica; unset keeps them in memory. */
  @IsOptional()
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false })
  REDIS_URL?: string;

  /** Prefix of every rate-limit key in Redis, so several deployments can share one server. */
  @IsString()
  @Matches(/^[A-Za-z0-9:_.-]{1,64}$/, {
    message: 'RATE_LIMIT_REDIS_PREFIX must be 1-64 letters, digits or ":_.-"',
  })
  RATE_LIMIT_REDIS_PREFIX = 'fisiorag:rate-limit:';

  /** Window of every rate limit, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Requests per window to one route from one user (or one IP without a token). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_DEFAULT = 300;

  /** Questions per window to /api/v1/query from one user. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_QUERY = 10;

  /** Login attempts per window from one client IP. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_LOGIN_PER_IP = 20;

  /** Login attempts per window for one account (tenant slug and email). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_LOGIN_PER_ACCOUNT = 5;

  /**
   * Access-code exchanges per window from one client IP, and for one code. Sized for a class
   * that redeems one code at the same time from behind one address.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_ACCESS_CODE = 60;

  /**
   * Maximum lockout after too many login or access-code attempts, in seconds. The first lockout
   * lasts one window, and each repeated one within a day doubles.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7 * 86400)
  RATE_LIMIT_LOCKOUT_MAX_SECONDS = 3600;

  /** Reverse proxies in front of the API whose X-Forwarded-For entry is trusted; 0 trusts none. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS = 0;

  /**
   * Comma-separated host names the API serves (a leading dot also admits subdomains, "*" any).
   * Unset admits any host, except in production, where it is required.
   */
  @ValidateIf(
    (env: Environment) =>
      env.APP_ENV === AppEnvironment.Production || env.ALLOWED_HOSTS !== undefined,
  )
  @Matches(ALLOWED_HOSTS_PATTERN, {
    message:
      'ALLOWED_HOSTS must be "*" or a comma-separated list of host names without port, ' +
      'such as "api.example.org,.fisio.example.org", and is required when APP_ENV=production',
  })
  ALLOWED_HOSTS?: string;

  /** Serves Swagger UI at /docs; unset serves it except when APP_ENV=production. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  SWAGGER_ENABLED?: boolean;

  // --- Operations: metrics, graceful shutdown, error reporting ---

  /** Serves Prometheus metrics on METRICS_PORT, a listener separate from APP_PORT. */
  @Transform(toBoolean)
  @IsBoolean()
  PROMETHEUS_ENABLED = false;

  /** Port of the metrics listener (bound to APP_HOST); 0 picks a free port. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 9464;

  /** Maximum wait on SIGTERM for in-flight requests and open connections, in milliseconds. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_GRACE_MS = 10_000;

  /** Sentry DSN; when set, unexpected server errors (5xx) are reported to it. */
  @IsOptional()
  @IsUrl(HTTP_URL)
  SENTRY_DSN?: string;

  // --- Retrieval: vector search ---

  /**
   * Candidates the HNSW index visits per vector search (pgvector's hnsw.ef_search, at most
   * 1000). Higher finds more of the exact nearest chunks and costs more time.
   */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(1000)
  HNSW_EF_SEARCH = 400;
}
