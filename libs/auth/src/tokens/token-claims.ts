/** The only algorithm accepted for tokens this service signs. */
export const JWT_ALGORITHM = 'HS256';

/** JOSE header `typ` of access tokens (RFC 9068), so no other JWT passes as one. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** Allowed difference between our clock and the signer's when checking exp, nbf and iat. */
export const CLOCK_TOLERANCE_SECONDS = 30;

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/**
 * Private claims of our access tokens, beside the registered `sub`, `iss`, `aud`, `iat`,
 * `exp` and `jti`: `tid` is the tenant id (absent for platform admins) and `acd` the
 * access code a session was opened with.
 */
export interface AccessTokenClaims {
  role: string;
  tid?: string;
  acd?: string;
}
