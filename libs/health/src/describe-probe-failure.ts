import { ProbeError } from './dependency-probe';

/** Reasons by Node.js socket error code and PostgreSQL SQLSTATE. */
const REASON_BY_CODE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ETIMEDOUT: 'timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'host unreachable',
  '28000': 'authentication failed',
  '28P01': 'authentication failed',
  '3D000': 'database does not exist',
  '53300': 'too many connections',
  '57P01': 'server shutting down',
  '57P03': 'server not accepting connections',
};

/** Messages of client-side timeouts: pg's connect and query timeouts, ioredis' command timeout. */
const TIMEOUT_MESSAGE = /timeout expired|query read timeout|command timed out|connection timeout/i;

/**
 * Reduces a probe error to a reason that names no host, address or query, for the health report.
 * ProbeError messages pass through unchanged.
 */
export function describeProbeFailure(error: unknown): string {
  if (error instanceof ProbeError) {
    return error.message;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && REASON_BY_CODE[code]) {
    return REASON_BY_CODE[code];
  }
  if (error instanceof Error && TIMEOUT_MESSAGE.test(error.message)) {
    return 'timed out';
  }

  return 'failed';
}
