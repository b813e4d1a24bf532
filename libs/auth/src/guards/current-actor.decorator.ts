import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { Caller } from '../principal';

/** The verified caller of a request and its request id, as the audit log records them. */
export interface Actor<C extends Caller = Caller> {
  caller: C;
  requestId: string;
}

/** Injects the actor of an authenticated route (admin actions, platform routes). */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user: Caller }>();

    return { caller: request.user, requestId: String(request.id) };
  },
);
