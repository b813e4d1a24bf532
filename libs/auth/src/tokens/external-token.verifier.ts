import { createHash } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

import { DomainError, ErrorCode } from '@fisiorag/common';
import { AppConfig } from '@fisiorag/config';

import { USER_ROLES, type UserRole } from '../principal';
import { CLOCK_TOLERANCE_SECONDS } from './token-claims';

/** Header `typ` values an OpenID provider puts on access or ID tokens; absent is accepted too. */
const EXTERNAL_TOKEN_TYPES = new Set(['jwt', 'at+jwt', 'application/at+jwt']);

/** RFC 4122 URL namespace, for the name-based user ids of external subjects. */
const URL_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

/** Verified identity from an external token, before its tenant reference is resolved. */
export interface ExternalIdentity {
  issuer: string;
  userId: string;
  tenantReference: string;
  role: UserRole;
}

/**
 * Verifies tokens of an external OpenID Connect provider against its JWKS, fetched with
 * jose's `createRemoteJWKSet`: keys are cached for JWT_JWKS_CACHE_MAX_AGE and fetched again,
 * at most once per JWT_JWKS_COOLDOWN, when a token names an unknown `kid` (key rotation).
 */
@Injectable()
export class ExternalTokenVerifier {
  private readonly logger = new Logger(ExternalTokenVerifier.name);
  private readonly keys?: JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(private readonly config: AppConfig) {
    const url = config.env.JWT_JWKS_URL;
    this.algorithms = config.env.JWT_JWKS_ALGORITHMS.split(',');
    if (!url) {
      return;
    }
    if (config.env.JWT_JWKS_ISSUER === config.env.JWT_ISSUER) {
      throw new Error(
        `JWT_JWKS_ISSUER must differ from JWT_ISSUER (${config.env.JWT_ISSUER}): the issuer selects the key`,
      );
    }
    if (config.isProduction && new URL(url).protocol !== 'https:') {
      throw new Error(`JWT_JWKS_URL must use https when APP_ENV=production, got ${url}`);
    }
    this.keys = createRemoteJWKSet(new URL(url), {
      timeoutDuration: 5000,
      cooldownDuration: config.env.JWT_JWKS_COOLDOWN * 1000,
      cacheMaxAge: config.env.JWT_JWKS_CACHE_MAX_AGE * 1000,
    });
  }

  /** True when `issuer` names the configured external provider. */
  handles(issuer: unknown): boolean {
    return this.keys !== undefined && issuer === this.config.env.JWT_JWKS_ISSUER;
  }

  /** Verifies signature, algorithm, iss, aud, exp, nbf and typ, then maps the claims. */
  async verify(token: string): Promise<ExternalIdentity | undefined> {
    if (!this.keys) {
      return undefined;
    }
    try {
      const { payload, protectedHeader } = await jwtVerify(token, this.keys, {
        algorithms: this.algorithms,
        issuer: this.config.env.JWT_JWKS_ISSUER,
        audience: this.config.env.JWT_JWKS_AUDIENCE,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'sub'],
      });
      const type = protectedHeader.typ?.toLowerCase();
      if (type !== undefined && !EXTERNAL_TOKEN_TYPES.has(type)) {
        this.logger.debug(`external token rejected: header typ ${protectedHeader.typ}`);

        return undefined;
      }

      return this.toIdentity(payload);
    } catch (error) {
      if (isProviderFailure(error)) {
        this.logger.error(
          `fetching the JWKS of ${this.config.env.JWT_JWKS_URL} failed: ${String(error)}`,
        );
        throw new DomainError(ErrorCode.IdentityProviderUnavailable);
      }
      this.logger.debug(`external token rejected: ${(error as Error).message}`);

      return undefined;
    }
  }

  private toIdentity(payload: JWTPayload): ExternalIdentity | undefined {
    const tenantReference = payload[this.config.env.JWT_JWKS_TENANT_CLAIM];
    const role = highestRole(payload[this.config.env.JWT_JWKS_ROLE_CLAIM]);
    if (typeof tenantReference !== 'string' || tenantReference.length === 0 || !role) {
      this.logger.debug('external token rejected: tenant or role claim missing or unknown');

      return undefined;
    }
    const issuer = payload.iss as string;

    return {
      issuer,
      userId: nameBasedUuid(`${issuer}#${payload.sub as string}`),
      tenantReference,
      role,
    };
  }
}

/** Picks the most privileged tenant role from a string or an array claim. */
function highestRole(claim: unknown): UserRole | undefined {
  const values: unknown[] = Array.isArray(claim) ? claim : [claim];

  // USER_ROLES is ordered from the most to the least privileged.
  return USER_ROLES.find((role) => values.includes(role));
}

/** RFC 4122 version 5 UUID, so one external subject always maps to the same user id. */
function nameBasedUuid(name: string): string {
  const hash = createHash('sha1').update(URL_NAMESPACE).update(name).digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');

  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Errors of the JWKS endpoint itself, not of the token: a timeout, a bad key set, a network
 * error, or jose 6's plain `JOSEError` for a non-200 or non-JSON response.
 */
function isProviderFailure(error: unknown): boolean {
  return (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    !(error instanceof errors.JOSEError) ||
    error.constructor === errors.JOSEError
  );
}
