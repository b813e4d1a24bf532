import { Client } from 'pg';

import type { DatabaseRuntime } from '@fisiorag/database';

import type { DependencyProbe } from './dependency-probe';

export const DATABASE_PROBE_TIMEOUT_MS = 2000;

/**
 * Runs `SELECT 1` on a connection of its own, never one of the pool's: an exhausted or hung pool
 * would make the probe wait for a connection instead of testing the server. pg's connect and
 * query timeouts, and the abort signal, destroy the socket, so a server that accepts connections
 * but never replies (SIGSTOP) fails the probe within the timeout and leaves nothing open.
 */
export class DatabaseProbe implements DependencyProbe {
  readonly name = 'database';
  readonly timeoutMs = DATABASE_PROBE_TIMEOUT_MS;

  constructor(private readonly runtime: DatabaseRuntime) {}

  async probe(signal: AbortSignal): Promise<void> {
    const client = new Client({
      connectionString: this.runtime.url,
      connectionTimeoutMillis: this.timeoutMs,
      query_timeout: this.timeoutMs,
      application_name: 'fisiorag-health',
    });
    // A socket error after connect also rejects the pending call; without a listener it would
    // be thrown as an uncaught 'error' event.
    client.on('error', () => undefined);
    const close = () => void client.end().catch(() => undefined);
    signal.addEventListener('abort', close, { once: true });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      signal.removeEventListener('abort', close);
      close();
    }
  }
}
