import type { FastifyInstance } from 'fastify';

import { DomainError, ErrorCode } from '@fisiorag/common';

/**
 * Paths served whatever the Host header, because Kubernetes probes and Prometheus reach the pod
 * by its IP address, which no ALLOWED_HOSTS entry names.
 */
const HOST_CHECK_EXEMPT = /^\/(health|metrics)(\/|\?|$)/;

/** Parses ALLOWED_HOSTS into lowercase entries; undefined (unset or "*") admits any host. */
export function parseAllowedHosts(raw: string | undefined): string[] | undefined {
  const entries = (raw ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry.length > 0);

  return entries.length === 0 || entries.includes('*') ? undefined : entries;
}

/** True when `hostname` (no port) equals an entry, or ends with an entry that starts with a dot. */
export function isHostAllowed(hostname: string, allowed: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.length === 0) {
    return false;
  }

  return allowed.some((entry) =>
    entry.startsWith('.') ? host === entry.slice(1) || host.endsWith(entry) : host === entry,
  );
}

/**
 * Rejects requests whose Host header (X-Forwarded-Host from a trusted proxy) is not allowed,
 * with HOST_NOT_ALLOWED (400). It guards against DNS rebinding and poisoned absolute URLs.
 */
export function registerHostCheck(fastify: FastifyInstance, allowed: readonly string[]): void {
  fastify.addHook('onRequest', async (request) => {
    if (HOST_CHECK_EXEMPT.test(request.url) || isHostAllowed(request.hostname, allowed)) {
      return;
    }
    throw new DomainError(ErrorCode.HostNotAllowed, {
      host: JSON.stringify(request.hostname.slice(0, 100)),
    });
  });
}
