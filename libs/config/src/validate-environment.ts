import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, type ValidationError, validateSync } from 'class-validator';

import { Environment } from './environment';

const SECRET_PATTERN = /(SECRET|PASSWORD|API_KEY|TOKEN)/;

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

function maskValue(name: string, value: unknown): string {
  if (value === undefined) {
    return '(unset)';
  }
  if (SECRET_PATTERN.test(name)) {
    return '"****"';
  }
  if (/_URL$/.test(name) && typeof value === 'string') {
    return JSON.stringify(value.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:****@'));
  }

  return JSON.stringify(value);
}

function describe(error: ValidationError, raw: Record<string, string | undefined>): string {
  const rules = Object.values(error.constraints ?? {}).join('; ');

  return `${error.property}=${maskValue(error.property, raw[error.property])}: ${rules}`;
}

function productionProblems(env: Environment): string[] {
  if (env.APP_ENV !== 'production') {
    return [];
  }
  const problems: string[] = [];
  if (!env.DATABASE_URL) {
    problems.push('DATABASE_URL=(unset): required when APP_ENV=production');
  }
  if (!env.JWT_SECRET_KEY || Buffer.byteLength(env.JWT_SECRET_KEY) < 32) {
    problems.push(
      'JWT_SECRET_KEY: required when APP_ENV=production and must be at least 32 bytes long',
    );
  }
  if (env.CORS_ORIGINS === undefined) {
    problems.push('CORS_ORIGINS=(unset): required when APP_ENV=production (use "" for none)');
  }

  return problems;
}

/**
 * Validates the raw environment once at startup. Throws one error that lists every
 * invalid variable with its (masked) value and the rule it breaks.
 */
export function validateEnvironment(raw: Record<string, string | undefined>): Environment {
  const known = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(Environment, '', true, false)
      .map((metadata) => metadata.propertyName),
  );
  const picked = Object.fromEntries(
    Object.entries(raw).filter(
      ([key, value]) => known.has(key) && value !== undefined && value !== '',
    ),
  );
  const env = plainToInstance(Environment, picked, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  const problems = [...errors.map((error) => describe(error, raw)), ...productionProblems(env)];
  if (env.CHUNK_OVERLAP >= env.CHUNK_SIZE) {
    problems.push(
      `CHUNK_OVERLAP=${env.CHUNK_OVERLAP}: must be smaller than CHUNK_SIZE (${env.CHUNK_SIZE})`,
    );
  }
  if (problems.length > 0) {
    throw new InvalidEnvironmentError(problems);
  }

  return env;
}
