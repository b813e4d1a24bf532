import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Observable } from 'rxjs';

import { DomainError, ErrorCode } from '@fisiorag/common';

import type { Principal } from '../principal';
import { IS_PUBLIC } from './public.decorator';

/** Global guard: every route needs a valid access token unless marked `@Public()`. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(
    context: ExecutionContext,
  ): boolean | Promise<boolean> | Observable<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) {
      return true;
    }

    return super.canActivate(context);
  }

  override handleRequest<T = Principal>(error: unknown, principal: T | false): T {
    if (error || !principal) {
      throw new DomainError(ErrorCode.Unauthenticated);
    }

    return principal;
  }
}
