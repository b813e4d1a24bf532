import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiForbiddenResponse } from '@nestjs/swagger';

import type { Role } from '../principal';

export const REQUIRED_ROLES = 'fisiorag:roles';

/**
 * Restricts a route to the given roles and lists them in OpenAPI (`x-required-roles`, 403).
 * A route without it admits the tenant roles only, never `platform_admin`.
 */
export const Roles = (...roles: Role[]): MethodDecorator =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    ApiExtension('x-required-roles', roles),
    ApiForbiddenResponse({ description: `The caller's role is not one of: ${roles.join(', ')}.` }),
  );
