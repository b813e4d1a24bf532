import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import type { Principal } from '../principal';

/** Injects the principal that the JWT guard attached to the request. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<{ user: Principal }>().user,
);
