import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './scratch-postgres';

/**
 * A redis-server of the test's own on a free loopback port, without persistence, so a test can
 * stop, restart and freeze it without touching the shared Redis.
 */
export class ScratchRedis {
  private server?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly dataDir: string,
  ) {}

  /** Whether redis-server is on PATH, so a test can skip with a reason when it is not. */
  static isAvailable(): boolean {
    return spawnSync('redis-server', ['--version']).status === 0;
  }

  static async create(): Promise<ScratchRedis> {
    const redis = new ScratchRedis(
      await freePort(),
      await mkdtemp(join(tmpdir(), 'fisiorag-redis-')),
    );
    await redis.start();

    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async start(): Promise<void> {
    this.server = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dataDir,
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    while (!(await this.accepts())) {
      if (Date.now() > deadline) {
        throw new Error(`redis-server did not accept connections on port ${this.port} within 10 s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server || server.exitCode !== null || server.signalCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP: the kernel still accepts connections on the port, but no command gets a reply. */
  freeze(): void {
    this.server?.kill('SIGSTOP');
  }

  thaw(): void {
    this.server?.kill('SIGCONT');
  }

  async destroy(): Promise<void> {
    this.thaw();
    await this.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private accepts(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: this.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }
}
