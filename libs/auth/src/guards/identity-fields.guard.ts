import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { DomainError, ErrorCode, type FieldError } from '@fisiorag/common';

/** Names, lower-cased without `-`, `_` and a leading `x-`, that would claim an identity. */
const IDENTITY_NAMES = new Set(['tenantid', 'userid', 'role']);

function isIdentityName(name: string): boolean {
  return IDENTITY_NAMES.has(name.toLowerCase().replace(/^x-/, '').replace(/[-_]/g, ''));
}

function rejection(field: string): FieldError {
  return {
    field,
    constraint: 'whitelistValidation',
    message: `property ${field} should not exist: the tenant, user and role come from the access token`,
  };
}

/**
 * Global guard that rejects `tenant_id`, `tenantId`, `userId`, `role` and their variants in
 * a header, the query string or the top level of a JSON body with 400 VALIDATION_FAILED,
 * on every route, including those whose body is not a validated DTO.
 */
@Injectable()
export class IdentityFieldsGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const errors = [
      ...Object.keys(request.headers)
        .filter(isIdentityName)
        .map((name) => rejection(`headers.${name}`)),
      ...keysOf(request.query).filter(isIdentityName).map(rejection),
      ...keysOf(request.body).filter(isIdentityName).map(rejection),
    ];
    if (errors.length > 0) {
      throw new DomainError(ErrorCode.ValidationFailed, {}, errors);
    }

    return true;
  }
}

function keysOf(value: unknown): string[] {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.keys(value)
    : [];
}
