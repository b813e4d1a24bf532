import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiForbiddenResponse } from '@nestjs/swagger';

import type { UserRole } from '../principal';

export const REQUIRED_ROLES = 'fisiorag:roles';

/** Restricts a route to the given roles and lists them in OpenAPI (`x-required-roles`, 403). */
export const Roles = (...roles: UserRole[]): MethodDecorator =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    ApiExtension('x-required-roles', roles),
    ApiForbiddenResponse({ description: `The caller's role is not one of: ${roles.join(', ')}.` }),
  );
