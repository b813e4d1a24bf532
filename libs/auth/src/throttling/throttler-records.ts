import type { ThrottlerStorage } from '@nestjs/throttler';

/** Result of `ThrottlerStorage.increment`; the library does not export this type. */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Whole seconds left, rounded up, because `Retry-After` and `X-RateLimit-Reset` are in seconds. */
function toSeconds(milliseconds: number): number {
  return Math.max(0, Math.ceil(milliseconds / 1000));
}

export function allowedRecord(totalHits: number, windowLeftMs: number): ThrottlerStorageRecord {
  return {
    totalHits,
    timeToExpire: toSeconds(windowLeftMs),
    isBlocked: false,
    timeToBlockExpire: 0,
  };
}

export function blockedRecord(
  totalHits: number,
  windowLeftMs: number,
  blockLeftMs: number,
): ThrottlerStorageRecord {
  return {
    totalHits,
    timeToExpire: toSeconds(windowLeftMs),
    isBlocked: true,
    timeToBlockExpire: Math.max(1, toSeconds(blockLeftMs)),
  };
}
