import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

import { type BackoffPolicy, backoffBlockMs } from './backoff-policy';
import { allowedRecord, blockedRecord, type ThrottlerStorageRecord } from './throttler-records';

interface Expiring {
  count: number;
  expiresAt: number;
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Fixed-window counters in process memory, for a single replica. Behaves like
 * `RedisThrottlerStorage`: over the limit, a key is blocked for the block duration (or until
 * its window ends when that is 0), and back-off throttlers double the block on each breach.
 */
export class MemoryThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly windows = new Map<string, Expiring>();
  private readonly blockedUntil = new Map<string, number>();
  private readonly strikes = new Map<string, Expiring>();
  private sweepTimer?: NodeJS.Timeout;

  constructor(private readonly backoff: BackoffPolicy) {}

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    this.startSweep();
    const now = Date.now();
    const blockEnd = this.blockedUntil.get(key) ?? 0;
    if (blockEnd > now) {
      return Promise.resolve(blockedRecord(limit + 1, 0, blockEnd - now));
    }

    const window = this.countHit(this.windows, key, ttl, now);
    const windowLeft = window.expiresAt - now;
    if (window.count <= limit) {
      return Promise.resolve(allowedRecord(window.count, windowLeft));
    }
    if (blockDuration <= 0) {
      return Promise.resolve(blockedRecord(window.count, windowLeft, windowLeft));
    }

    const blockMs = this.backoff.throttlers.includes(throttlerName)
      ? backoffBlockMs(
          blockDuration,
          this.countHit(this.strikes, key, this.backoff.strikeMemoryMs, now, true).count,
          this.backoff.maxBlockMs,
        )
      : blockDuration;
    this.blockedUntil.set(key, now + blockMs);
    this.windows.delete(key);

    return Promise.resolve(blockedRecord(window.count, 0, blockMs));
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  /** Adds one to the key's counter, starting a new period when the last one ended. */
  private countHit(
    counters: Map<string, Expiring>,
    key: string,
    periodMs: number,
    now: number,
    extendOnHit = false,
  ): Expiring {
    const current = counters.get(key);
    if (!current || current.expiresAt <= now) {
      const fresh = { count: 1, expiresAt: now + periodMs };
      counters.set(key, fresh);

      return fresh;
    }
    current.count += 1;
    if (extendOnHit) {
      current.expiresAt = now + periodMs;
    }

    return current;
  }

  private startSweep(): void {
    if (this.sweepTimer) {
      return;
    }
    this.sweepTimer = setInterval(() => this.sweep(Date.now()), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  private sweep(now: number): void {
    for (const counters of [this.windows, this.strikes]) {
      for (const [key, counter] of counters) {
        if (counter.expiresAt <= now) {
          counters.delete(key);
        }
      }
    }
    for (const [key, until] of this.blockedUntil) {
      if (until <= now) {
        this.blockedUntil.delete(key);
      }
    }
  }
}
