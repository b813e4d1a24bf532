import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import type { Principal } from '../principal';

/**
 * Injects the tenant principal that the JWT guard attached to the request. Only for routes
 * that admit tenant roles alone (no `platform_admin` in `@Roles`), which every route
 * without `@Roles` is.
 */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<{ user: Principal }>().user,
);
