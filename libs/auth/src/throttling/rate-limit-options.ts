import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';

import type { AppConfig } from '@fisiorag/config';

import { type BackoffPolicy, STRIKE_MEMORY_MS } from './backoff-policy';
import { MemoryThrottlerStorage } from './memory-throttler.storage';
import { BACKOFF_RATE_LIMITS, RateLimitName } from './rate-limit-names';
import {
  accountTracker,
  clientIpTracker,
  credentialKindOf,
  isQueryRoute,
} from './rate-limit-trackers';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/** Redis when REDIS_URL is set (limits shared by every replica), else process memory. */
export async function createThrottlerStorage(config: AppConfig): Promise<ThrottlerStorage> {
  const backoff: BackoffPolicy = {
    throttlers: BACKOFF_RATE_LIMITS,
    maxBlockMs: config.env.RATE_LIMIT_LOCKOUT_MAX_SECONDS * 1000,
    strikeMemoryMs: STRIKE_MEMORY_MS,
  };
  const url = config.env.REDIS_URL;

  return url
    ? RedisThrottlerStorage.connect(url, config.env.RATE_LIMIT_REDIS_PREFIX, backoff)
    : new MemoryThrottlerStorage(backoff);
}

/** Per-IP and per-account limit of a credential endpoint. */
function credentialLimit(config: AppConfig, perAccount: boolean) {
  return (context: ExecutionContext): number => {
    if (credentialKindOf(context) === 'access-code') {
      return config.env.RATE_LIMIT_ACCESS_CODE;
    }

    return perAccount
      ? config.env.RATE_LIMIT_LOGIN_PER_ACCOUNT
      : config.env.RATE_LIMIT_LOGIN_PER_IP;
  };
}

/**
 * Builds the four throttlers, all on one window of RATE_LIMIT_WINDOW_SECONDS. `default` and `query`
 * reject until their window ends; the credential throttlers lock the client or account out
 * for a window, doubling on each repeated breach.
 */
export async function createRateLimitOptions(config: AppConfig): Promise<ThrottlerModuleOptions> {
  const env = config.env;
  const windowMs = env.RATE_LIMIT_WINDOW_SECONDS * 1000;

  return {
    storage: await createThrottlerStorage(config),
    throttlers: [
      {
        name: RateLimitName.Default,
        limit: env.RATE_LIMIT_DEFAULT,
        ttl: windowMs,
        blockDuration: 0,
      },
      {
        name: RateLimitName.Query,
        limit: env.RATE_LIMIT_QUERY,
        ttl: windowMs,
        blockDuration: 0,
        skipIf: (context: ExecutionContext) => !isQueryRoute(context),
      },
      {
        name: RateLimitName.CredentialsPerIp,
        limit: credentialLimit(config, false),
        ttl: windowMs,
        blockDuration: windowMs,
        skipIf: (context: ExecutionContext) => credentialKindOf(context) === undefined,
        getTracker: (request) => clientIpTracker(request),
      },
      {
        name: RateLimitName.CredentialsPerAccount,
        limit: credentialLimit(config, true),
        ttl: windowMs,
        blockDuration: windowMs,
        skipIf: (context: ExecutionContext) => accountTracker(context) === undefined,
        getTracker: (_request, context) => accountTracker(context) as string,
      },
    ],
  };
}
