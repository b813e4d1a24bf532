import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';

import type { BackoffPolicy } from './backoff-policy';
import { allowedRecord, blockedRecord, type ThrottlerStorageRecord } from './throttler-records';

/**
 * One atomic step of the fixed-window limiter, so replicas sharing Redis never race.
 * KEYS: hits counter, block marker, breach (strike) counter.
 * ARGV: window ms, limit, block ms (0 blocks until the window ends), 1 when the block doubles
 * on each breach, longest block ms, strike memory ms.
 * Returns { hits, window ms left, blocked 0|1, block ms left }.
 * The doubling matches `backoffBlockMs`.
 */
const RATE_LIMIT_SCRIPT = `
local window_ms = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local block_ms = tonumber(ARGV[3])

local block_left = redis.call('PTTL', KEYS[2])
if block_left > 0 then
  return { limit + 1, 0, 1, block_left }
end

local hits = redis.call('INCR', KEYS[1])
local window_left = redis.call('PTTL', KEYS[1])
if window_left < 0 then
  redis.call('PEXPIRE', KEYS[1], window_ms)
  window_left = window_ms
end
if hits <= limit then
  return { hits, window_left, 0, 0 }
end
if block_ms <= 0 then
  return { hits, window_left, 1, window_left }
end

local duration = block_ms
if ARGV[4] == '1' then
  local strikes = redis.call('INCR', KEYS[3])
  redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[6]))
  local doublings = math.min(math.max(strikes - 1, 0), 30)
  duration = math.min(block_ms * math.pow(2, doublings), math.max(tonumber(ARGV[5]), block_ms))
end
duration = math.floor(duration)
redis.call('SET', KEYS[2], '1', 'PX', duration)
redis.call('DEL', KEYS[1])
return { hits, 0, 1, duration }
`;

type ScriptReply = [number, number, number, number];

interface RateLimitCommands {
  fisioragRateLimit(...keysAndArgs: (string | number)[]): Promise<ScriptReply>;
}

/** Logs a Redis failure at most this often, with the count of the ones in between. */
const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * Rate-limit counters in Redis, shared by every replica. Keys are
 * `<prefix>{<throttler key>}:hits|block|strikes`; the braces keep one key's three entries
 * in one Redis Cluster slot, as a script needs.
 *
 * When Redis fails, the request is let through and the error logged: an outage of the limiter
 * must not take the whole API down.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private failuresSinceLog = 0;
  private lastErrorLogAt = 0;

  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly backoff: BackoffPolicy,
  ) {
    redis.defineCommand('fisioragRateLimit', { numberOfKeys: 3, lua: RATE_LIMIT_SCRIPT });
  }

  /** Connects to `url` and fails when Redis does not respond, so a wrong REDIS_URL stops startup. */
  static async connect(
    url: string,
    prefix: string,
    backoff: BackoffPolicy,
  ): Promise<RedisThrottlerStorage> {
    const redis = new Redis(url, {
      lazyConnect: true,
      // Fail fast during an outage instead of queueing commands while requests wait.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      connectTimeout: 5000,
    });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      redis.disconnect();
      throw new Error(
        `REDIS_URL: cannot reach Redis at ${maskPassword(url)} for the rate limits: ` +
          `${(error as Error).message}`,
        { cause: error },
      );
    }

    return new RedisThrottlerStorage(redis, prefix, backoff);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}{${key}}`;
    const commands = this.redis as unknown as RateLimitCommands;
    try {
      const [hits, windowLeft, blocked, blockLeft] = await commands.fisioragRateLimit(
        `${base}:hits`,
        `${base}:block`,
        `${base}:strikes`,
        ttl,
        limit,
        blockDuration,
        this.backoff.throttlers.includes(throttlerName) ? 1 : 0,
        this.backoff.maxBlockMs,
        this.backoff.strikeMemoryMs,
      );

      return blocked === 1
        ? blockedRecord(hits, windowLeft, blockLeft)
        : allowedRecord(hits, windowLeft);
    } catch (error) {
      this.logFailure(throttlerName, error as Error);

      return allowedRecord(0, ttl);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private logFailure(throttlerName: string, error: Error): void {
    this.failuresSinceLog += 1;
    const now = Date.now();
    if (now - this.lastErrorLogAt < ERROR_LOG_INTERVAL_MS) {
      return;
    }
    this.logger.error(
      `rate limit ${throttlerName} not enforced: Redis failed ${this.failuresSinceLog} time(s) ` +
        `since the last report, latest error: ${error.message}`,
    );
    this.failuresSinceLog = 0;
    this.lastErrorLogAt = now;
  }
}

function maskPassword(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:****@');
}
