import { Logger } from '@nestjs/common';
import Redis from 'ioredis';

import { type DependencyProbe, ProbeError } from './dependency-probe';

export const REDIS_PROBE_TIMEOUT_MS = 1000;

/**
 * Sends PING on a connection of its own. The client reconnects by itself after an outage, and
 * with the offline queue off a PING while disconnected fails at once instead of waiting.
 * A server that accepts connections but never replies fails on the command timeout.
 */
export class RedisProbe implements DependencyProbe {
  readonly name = 'redis';
  readonly timeoutMs = REDIS_PROBE_TIMEOUT_MS;
  private readonly logger = new Logger(RedisProbe.name);
  private readonly client: Redis;
  private lastError?: string;

  constructor(url: string) {
    this.client = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: this.timeoutMs,
      commandTimeout: this.timeoutMs,
      connectionName: 'fisiorag-health',
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    this.client.on('error', (error: Error) => this.noteError(error));
    this.client.on('ready', () => {
      this.lastError = undefined;
    });
  }

  async probe(): Promise<void> {
    if (this.client.status === 'wait') {
      await this.client.connect();
    }
    if (this.client.status !== 'ready') {
      throw new ProbeError(`not connected (${this.client.status})`);
    }
    await this.client.ping();
  }

  close(): void {
    this.client.disconnect();
  }

  /** ioredis emits an error on every failed reconnect; the log gets each new message once. */
  private noteError(error: Error): void {
    if (error.message !== this.lastError) {
      this.lastError = error.message;
      this.logger.warn(`Redis health connection: ${error.message}`);
    }
  }
}
