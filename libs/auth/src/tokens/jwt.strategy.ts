import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { AppConfig } from '@fisiorag/config';

import { type Principal, USER_ROLES } from '../principal';
import { ACCESS_TOKEN_TYPE, type AccessTokenClaims, JWT_ALGORITHM } from './token.service';

export const JWT_SECRET = Symbol('JWT_SECRET');

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Verifies bearer tokens: the algorithm list is pinned, `exp`, `iss` and `aud` are checked
 * with 30 s of clock skew, and the claims must describe an access token.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(JWT_SECRET) secret: string, config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: secret,
      algorithms: [JWT_ALGORITHM],
      issuer: config.env.JWT_ISSUER,
      audience: config.env.JWT_AUDIENCE,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: 30 },
    });
  }

  validate(claims: Partial<AccessTokenClaims> & { exp?: number }): Principal | false {
    const valid =
      claims.typ === ACCESS_TOKEN_TYPE &&
      typeof claims.exp === 'number' &&
      typeof claims.sub === 'string' &&
      UUID_PATTERN.test(claims.sub) &&
      typeof claims.tid === 'string' &&
      UUID_PATTERN.test(claims.tid) &&
      USER_ROLES.includes(claims.role as Principal['role']);
    if (!valid) {
      return false;
    }

    return {
      userId: claims.sub as string,
      tenantId: claims.tid as string,
      role: claims.role as Principal['role'],
    };
  }
}
