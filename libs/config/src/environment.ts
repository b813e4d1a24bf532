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
  JWT_ACCESS_TOKEN_TTL = 3600;

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
}
