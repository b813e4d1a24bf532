import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';

import { DomainError, ErrorCode } from '@fisiorag/common';

import { type Caller, isPlatformAdmin } from '../principal';
import { AccessTokenVerifier } from '../tokens/access-token.verifier';
import { CallerStatusRepository } from '../tokens/caller-status.repository';
import { IS_PUBLIC } from './public.decorator';

/** Longer bearer values are rejected unparsed; our tokens are about 400 bytes. */
const MAX_TOKEN_LENGTH = 8192;

/**
 * Global guard: every route needs a valid access token unless marked `@Public()`. The
 * verified caller is attached to `request.user` after the per-request status check.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly logger = new Logger(JwtAuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
    private readonly callerStatus: CallerStatusRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) {
      return true;
    }
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Caller }>();
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      throw new DomainError(ErrorCode.Unauthenticated);
    }
    const caller = await this.verifier.verify(token);
    if (!(await this.callerStatus.isActive(caller))) {
      this.logger.warn(
        `request ${String(request.id)} rejected: ${describe(caller)} is no longer active`,
      );
      throw new DomainError(ErrorCode.Unauthenticated);
    }
    request.user = caller;

    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+)$/i.exec(header ?? '');
  const token = match?.[1];

  return token && token.length <= MAX_TOKEN_LENGTH ? token : undefined;
}

function describe(caller: Caller): string {
  if (isPlatformAdmin(caller)) {
    return `platform admin ${caller.adminId}`;
  }
  const subject = caller.accessCodeId
    ? `access code ${caller.accessCodeId}`
    : `user ${caller.userId}`;

  return `${subject} of tenant ${caller.tenantId} (disabled, revoked, role changed or tenant suspended)`;
}
