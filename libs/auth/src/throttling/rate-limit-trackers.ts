import { createHash } from 'node:crypto';

import type { ExecutionContext } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';

import { type Caller, isPlatformAdmin } from '../principal';
import { CREDENTIAL_KIND, type CredentialKind } from './throttle-credentials.decorator';

/** Characters of an access code that identify it for the per-code limit. */
export const ACCESS_CODE_PREFIX_LENGTH = 8;

/** Routes that share the per-user question budget: `/api/v1/query` and routes below it. */
const QUERY_ROUTE = '/api/v1/query';

interface TrackedRequest {
  ip?: string;
  user?: Caller;
  body?: unknown;
  routeOptions?: { url?: string };
}

function requestOf(context: ExecutionContext): TrackedRequest {
  return context.switchToHttp().getRequest<TrackedRequest>();
}

/**
 * Client address as Fastify resolved it: the socket peer, or with TRUST_PROXY_HOPS > 0 the
 * X-Forwarded-For entry that many hops back. IPv6 clients are grouped by /64.
 */
export function clientIpTracker(request: TrackedRequest): string {
  return `ip:${normalizeIp(request.ip ?? 'unknown')}`;
}

/** Returns the verified caller when the JWT guard admitted a token, else the client IP. */
export function userOrIpTracker(request: TrackedRequest): string {
  const caller = request.user;
  if (!caller) {
    return clientIpTracker(request);
  }

  return isPlatformAdmin(caller) ? `platform-admin:${caller.adminId}` : `user:${caller.userId}`;
}

export function isQueryRoute(context: ExecutionContext): boolean {
  const route = requestOf(context).routeOptions?.url ?? '';

  return route === QUERY_ROUTE || route.startsWith(`${QUERY_ROUTE}/`);
}

export function credentialKindOf(context: ExecutionContext): CredentialKind | undefined {
  return Reflect.getMetadata(CREDENTIAL_KIND, context.getHandler()) as CredentialKind | undefined;
}

function stringField(body: unknown, field: string): string | undefined {
  if (body === null || typeof body !== 'object') {
    return undefined;
  }
  const value = (body as Record<string, unknown>)[field];

  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : undefined;
}

/** Normalizes a typed access code as the exchange does: case, hyphens, spaces, I/L as 1, O as 0. */
function accessCodePrefix(code: string): string {
  return code
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0')
    .slice(0, ACCESS_CODE_PREFIX_LENGTH);
}

/**
 * Returns the account a credential request targets, hashed so that no email or code reaches
 * Redis or the logs. Returns undefined when the body names no account, because validation then
 * rejects the request anyway.
 */
export function accountTracker(context: ExecutionContext): string | undefined {
  const kind = credentialKindOf(context);
  const body = requestOf(context).body;
  const tenant = stringField(body, 'tenant')?.toLowerCase();
  let account: string | undefined;
  if (kind === 'login') {
    // Platform admins log in without a tenant.
    const email = stringField(body, 'email')?.toLowerCase();
    account = email ? `${tenant ?? ''}\n${email}` : undefined;
  } else if (kind === 'access-code') {
    const code = stringField(body, 'code');
    account = tenant && code ? `${tenant}\n${accessCodePrefix(code)}` : undefined;
  }
  if (!kind || !account) {
    return undefined;
  }

  return `${kind}:${createHash('sha256').update(account).digest('hex').slice(0, 32)}`;
}
