import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';

import { TEST_TARGET } from './test-app';

/** Redis for the rate-limit tests: TEST_REDIS_URL, or the local default port. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Sends PING from a child process, because Jest collects tests synchronously. */
function redisAnswers(url: string): boolean {
  const probe = `
    const { Redis } = require('ioredis');
    const redis = new Redis(process.argv[1], { lazyConnect: true, connectTimeout: 1500, maxRetriesPerRequest: 0 });
    redis.on('error', () => {});
    redis.connect().then(() => redis.ping()).then(() => process.exit(0), () => process.exit(1));`;
  const result = spawnSync(process.execPath, ['-e', probe, url], { timeout: 5000 });

  return result.status === 0;
}

/**
 * True when the Redis tests should run. They must run when TEST_REDIS_URL is set or in the
 * PostgreSQL service suite (and then fail if Redis is down); the embedded suite runs them
 * only when a Redis responds on the default port.
 */
export function shouldTestRedis(): boolean {
  const required = process.env.TEST_REDIS_URL !== undefined || TEST_TARGET === 'postgres';
  if (required || redisAnswers(TEST_REDIS_URL)) {
    return true;
  }
  process.stderr.write(
    `Redis rate-limit tests skipped: no Redis at ${TEST_REDIS_URL} (set TEST_REDIS_URL to require them)\n`,
  );

  return false;
}

/** Returns a key prefix unique to this test run, so parallel runs on one Redis never share counters. */
export function uniqueRedisPrefix(): string {
  return `fisiorag-test:${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under `prefix`; never touches other keys. */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) {
        await redis.del(...keys);
      }
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}
