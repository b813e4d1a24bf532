/**
 * Growing lockouts for credential endpoints. The first breach blocks for the throttler's block
 * duration; each further breach while the previous ones are remembered doubles it, up to
 * `maxBlockMs`. Breaches are forgotten `strikeMemoryMs` after the last one.
 */
export interface BackoffPolicy {
  /** Throttler names the policy applies to; other throttlers block for a fixed duration. */
  throttlers: readonly string[];
  maxBlockMs: number;
  strikeMemoryMs: number;
}

/** How long breaches are remembered for the doubling: one day. */
export const STRIKE_MEMORY_MS = 24 * 60 * 60 * 1000;

/** Largest exponent used for the doubling, so `2 ** strikes` stays a safe integer. */
const MAX_DOUBLINGS = 30;

/** Returns the lockout, in milliseconds, for the given breach count (1 for the first breach). */
export function backoffBlockMs(baseMs: number, strikes: number, maxBlockMs: number): number {
  const doublings = Math.min(Math.max(strikes - 1, 0), MAX_DOUBLINGS);

  return Math.min(baseMs * 2 ** doublings, Math.max(maxBlockMs, baseMs));
}
