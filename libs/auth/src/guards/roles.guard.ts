import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { DomainError, ErrorCode } from '@fisiorag/common';

import { type Caller, type Role, USER_ROLES } from '../principal';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLES } from './roles.decorator';

/**
 * Global guard that enforces `@Roles(...)`. Routes without the decorator admit the tenant
 * roles (admin, member, student), so a platform admin token never reaches tenant data.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      return true;
    }
    const declared = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    const allowed: readonly Role[] = declared && declared.length > 0 ? declared : USER_ROLES;
    const caller = context.switchToHttp().getRequest<{ user?: Caller }>().user;
    if (!caller || !allowed.includes(caller.role)) {
      throw new DomainError(ErrorCode.Forbidden);
    }

    return true;
  }
}
