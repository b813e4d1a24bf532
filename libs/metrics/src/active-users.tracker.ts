import { Injectable } from '@nestjs/common';

/** Users count as active for this long after their last authenticated request. */
export const ACTIVE_USER_WINDOW_MS = 5 * 60 * 1000;

/**
 * Distinct users seen in the last five minutes by this process. Memory stays bounded by the users
 * active within one window, because entries older than the window are dropped at least once per
 * window.
 */
@Injectable()
export class ActiveUsersTracker {
  private readonly lastSeen = new Map<string, number>();
  private lastPrunedAt = 0;

  markActive(tenantId: string, userId: string, now = Date.now()): void {
    this.lastSeen.set(`${tenantId}:${userId}`, now);
    if (now - this.lastPrunedAt >= ACTIVE_USER_WINDOW_MS) {
      this.prune(now);
    }
  }

  count(now = Date.now()): number {
    this.prune(now);

    return this.lastSeen.size;
  }

  private prune(now: number): void {
    this.lastPrunedAt = now;
    for (const [user, seenAt] of this.lastSeen) {
      if (now - seenAt > ACTIVE_USER_WINDOW_MS) {
        this.lastSeen.delete(user);
      }
    }
  }
}
