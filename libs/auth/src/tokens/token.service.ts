import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { AppConfig } from '@fisiorag/config';

import type { Principal } from '../principal';

export const JWT_ALGORITHM = 'HS256';
export const ACCESS_TOKEN_TYPE = 'access';

/** Claims of an access token; `sub` is the user id, `tid` the tenant id. */
export interface AccessTokenClaims {
  sub: string;
  tid: string;
  role: Principal['role'];
  typ: typeof ACCESS_TOKEN_TYPE;
}

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async issueAccessToken(principal: Principal): Promise<IssuedToken> {
    const claims: AccessTokenClaims = {
      sub: principal.userId,
      tid: principal.tenantId,
      role: principal.role,
      typ: ACCESS_TOKEN_TYPE,
    };
    const expiresIn = this.config.env.JWT_ACCESS_TOKEN_TTL;
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: JWT_ALGORITHM,
      expiresIn,
      issuer: this.config.env.JWT_ISSUER,
      audience: this.config.env.JWT_AUDIENCE,
    });

    return { accessToken, tokenType: 'Bearer', expiresIn };
  }
}
