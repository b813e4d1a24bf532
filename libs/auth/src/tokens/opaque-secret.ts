import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes (256 bits), base64url: the secret part of a refresh token. */
export function generateOpaqueSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * SHA-256 in hex. Enough for high-entropy random secrets (refresh tokens, access codes),
 * which a slow password hash would only make costlier to check, not harder to guess.
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
