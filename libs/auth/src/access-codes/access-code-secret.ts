import { randomBytes } from 'node:crypto';

import { sha256Hex } from '../tokens/opaque-secret';

/** Crockford's base32 alphabet: no I, L, O or U, so a code read aloud is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 20 symbols of 5 bits each: 100 random bits. */
const CODE_LENGTH = 20;

/** Generates a code shown once to the admin, as `XXXXX-XXXXX-XXXXX-XXXXX`. */
export function generateAccessCode(): string {
  // 256 is a multiple of 32, so `byte % 32` keeps every symbol equally likely.
  const symbols = [...randomBytes(CODE_LENGTH)].map((byte) => ALPHABET[byte % 32]).join('');

  return symbols.match(/.{5}/g)?.join('-') ?? symbols;
}

/**
 * Normalizes what a student typed (case, hyphens, spaces, I/L read as 1, O as 0) and
 * returns its SHA-256, or undefined when it cannot be a code.
 */
export function hashAccessCode(input: string): string | undefined {
  const normalized = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (normalized.length !== CODE_LENGTH || [...normalized].some((c) => !ALPHABET.includes(c))) {
    return undefined;
  }

  return sha256Hex(normalized);
}
