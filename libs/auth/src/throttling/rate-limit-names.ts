/** Names of the throttlers; each keeps its own counters and shows up in `X-RateLimit-*-<name>`. */
export const RateLimitName = {
  /** Every route, per route and client. */
  Default: 'default',
  /** `/api/v1/query` (and routes under it), per user. */
  Query: 'query',
  /** Login and access-code exchange, per client IP. */
  CredentialsPerIp: 'credentials-ip',
  /** Login per tenant slug and email; access-code exchange per tenant and code prefix. */
  CredentialsPerAccount: 'credentials-account',
} as const;

export type RateLimitName = (typeof RateLimitName)[keyof typeof RateLimitName];

/** Throttlers whose lockout doubles on every repeated breach (see `BackoffPolicy`). */
export const BACKOFF_RATE_LIMITS: readonly string[] = [
  RateLimitName.CredentialsPerIp,
  RateLimitName.CredentialsPerAccount,
];
