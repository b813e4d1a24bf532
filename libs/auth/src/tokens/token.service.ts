import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';

import { AppConfig } from '@fisiorag/config';

import { PLATFORM_ADMIN_ROLE, type Principal } from '../principal';
import { JWT_SECRET } from './jwt-secret';
import { ACCESS_TOKEN_TYPE, type AccessTokenClaims, JWT_ALGORITHM } from './token-claims';

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  /** Lifetime of the access token, in seconds. */
  expiresIn: number;
}

/** Signs short-lived HS256 access tokens; refresh tokens are opaque and live in the database. */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    @Inject(JWT_SECRET) secret: string,
    private readonly config: AppConfig,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** Issues a token for a tenant user, or for an access code session when `accessCodeId` is set. */
  async issueAccessToken(principal: Principal): Promise<IssuedToken> {
    const claims: AccessTokenClaims = { tid: principal.tenantId, role: principal.role };
    if (principal.accessCodeId) {
      claims.acd = principal.accessCodeId;
    }
    const lifetime = principal.accessCodeId
      ? this.config.env.ACCESS_CODE_TOKEN_TTL
      : this.config.env.JWT_ACCESS_TOKEN_TTL;

    return this.sign(principal.userId, claims, lifetime);
  }

  async issuePlatformAdminToken(adminId: string): Promise<IssuedToken> {
    return this.sign(adminId, { role: PLATFORM_ADMIN_ROLE }, this.config.env.JWT_ACCESS_TOKEN_TTL);
  }

  private async sign(
    subject: string,
    claims: AccessTokenClaims,
    lifetimeSeconds: number,
  ): Promise<IssuedToken> {
    const accessToken = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: JWT_ALGORITHM, typ: ACCESS_TOKEN_TYPE })
      .setSubject(subject)
      .setIssuer(this.config.env.JWT_ISSUER)
      .setAudience(this.config.env.JWT_AUDIENCE)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${lifetimeSeconds}s`)
      .sign(this.key);

    return { accessToken, tokenType: 'Bearer', expiresIn: lifetimeSeconds };
  }
}
