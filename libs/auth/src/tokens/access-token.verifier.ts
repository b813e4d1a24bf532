import { Inject, Injectable, Logger } from '@nestjs/common';
import { decodeJwt, type JWTPayload, jwtVerify } from 'jose';

import { DomainError, ErrorCode } from '@fisiorag/common';
import { AppConfig } from '@fisiorag/config';
import { TenantDatabase } from '@fisiorag/database';

import { type Caller, PLATFORM_ADMIN_ROLE, isUserRole } from '../principal';
import { TenantsRepository } from '../tenants/tenants.repository';
import { ExternalTokenVerifier } from './external-token.verifier';
import { JWT_SECRET } from './jwt-secret';
import {
  ACCESS_TOKEN_TYPE,
  CLOCK_TOLERANCE_SECONDS,
  JWT_ALGORITHM,
  UUID_PATTERN,
  isUuid,
} from './token-claims';

/**
 * Turns a bearer token into a caller, or throws UNAUTHENTICATED. The unverified `iss`
 * only selects the verifier. Tokens of the configured external provider are checked
 * against its JWKS with asymmetric algorithms only, and every other token against our
 * secret with HS256 only, so neither key can verify a token meant for the other.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly logger = new Logger(AccessTokenVerifier.name);
  private readonly key: Uint8Array;

  constructor(
    @Inject(JWT_SECRET) secret: string,
    private readonly config: AppConfig,
    private readonly external: ExternalTokenVerifier,
    private readonly tenantDb: TenantDatabase,
    private readonly tenants: TenantsRepository,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async verify(token: string): Promise<Caller> {
    const caller = this.external.handles(this.unverifiedIssuer(token))
      ? await this.verifyExternal(token)
      : await this.verifyLocal(token);
    if (!caller) {
      throw new DomainError(ErrorCode.Unauthenticated);
    }

    return caller;
  }

  private unverifiedIssuer(token: string): unknown {
    try {
      return decodeJwt(token).iss;
    } catch {
      return undefined;
    }
  }

  private async verifyLocal(token: string): Promise<Caller | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [JWT_ALGORITHM],
        issuer: this.config.env.JWT_ISSUER,
        audience: this.config.env.JWT_AUDIENCE,
        typ: ACCESS_TOKEN_TYPE,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iat', 'sub'],
      });

      return callerFromClaims(payload);
    } catch (error) {
      this.logger.debug(`access token rejected: ${(error as Error).message}`);

      return undefined;
    }
  }

  /** Maps a verified external token to a principal of an active tenant named by slug or id. */
  private async verifyExternal(token: string): Promise<Caller | undefined> {
    const identity = await this.external.verify(token);
    if (!identity) {
      return undefined;
    }
    const reference = identity.tenantReference;
    const tenant = await this.tenantDb.runWithoutTenant((manager) =>
      UUID_PATTERN.test(reference)
        ? this.tenants.findById(manager, reference)
        : this.tenants.findBySlug(manager, reference.toLowerCase()),
    );
    if (tenant?.status !== 'active') {
      this.logger.warn(
        `external token of ${identity.issuer} rejected: tenant ${JSON.stringify(reference.slice(0, 100))} is unknown or suspended`,
      );

      return undefined;
    }

    // NOTE: external users have no local account, so only the provider can disable them.
    return {
      userId: identity.userId,
      tenantId: tenant.id,
      role: identity.role,
      externalIssuer: identity.issuer,
    };
  }
}

/** Checks the shape of our own claims; a platform admin token never carries a tenant. */
function callerFromClaims(claims: JWTPayload): Caller | undefined {
  if (!isUuid(claims.sub)) {
    return undefined;
  }
  if (claims.role === PLATFORM_ADMIN_ROLE) {
    return claims.tid === undefined
      ? { adminId: claims.sub, role: PLATFORM_ADMIN_ROLE }
      : undefined;
  }
  if (!isUserRole(claims.role) || !isUuid(claims.tid)) {
    return undefined;
  }
  if (claims.acd !== undefined && !isUuid(claims.acd)) {
    return undefined;
  }

  return {
    userId: claims.sub,
    tenantId: claims.tid,
    role: claims.role,
    ...(claims.acd ? { accessCodeId: claims.acd } : {}),
  };
}
