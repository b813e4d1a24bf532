import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { DomainError, ErrorCode } from '@fisiorag/common';

import type { Principal, UserRole } from '../principal';
import { REQUIRED_ROLES } from './roles.decorator';

/** Global guard that enforces `@Roles(...)`; routes without the decorator admit every role. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) {
      return true;
    }
    const principal = context.switchToHttp().getRequest<{ user?: Principal }>().user;
    if (!principal || !roles.includes(principal.role)) {
      throw new DomainError(ErrorCode.Forbidden);
    }

    return true;
  }
}
