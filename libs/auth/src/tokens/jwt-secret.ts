import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { Logger } from '@nestjs/common';

import type { AppConfig } from '@fisiorag/config';
import { IN_MEMORY } from '@fisiorag/database';

const logger = new Logger('JwtSecret');

/** Injection token of the HS256 secret that signs and verifies this service's access tokens. */
export const JWT_SECRET = Symbol('JWT_SECRET');

/**
 * Returns JWT_SECRET_KEY, or outside production a generated secret: kept next to the
 * embedded database so tokens survive a restart, or per process when nothing is stored.
 */
export function resolveJwtSecret(config: AppConfig): string {
  if (config.env.JWT_SECRET_KEY) {
    return config.env.JWT_SECRET_KEY;
  }
  if (!config.isEmbeddedDatabase || config.env.PGLITE_DATA_DIR === IN_MEMORY) {
    logger.warn('JWT_SECRET_KEY is unset: tokens are signed with a per-process secret');

    return randomBytes(32).toString('base64url');
  }
  const file = join(dirname(resolve(config.env.PGLITE_DATA_DIR)), 'jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  logger.log(`JWT_SECRET_KEY is unset: generated a signing secret in ${file}`);

  return secret;
}
