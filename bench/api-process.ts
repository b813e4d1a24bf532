import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { trackChild } from './child-process';

/** Entry point of the API build (`nest build api`). */
export const API_ENTRY = resolve(__dirname, '../../apps/api/src/main.js');

/** Node flags of `npm start`: a 16 MB young generation keeps idle memory low on large hosts. */
export const API_NODE_FLAGS = ['--max-semi-space-size=16'];

const READY_TIMEOUT_MS = 120_000;
const READY_POLL_MS = 20;

/** Finds a free loopback port by binding port 0 and releasing it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));

  return port;
}

/** Resident set size of a process in megabytes (VmRSS of /proc/PID/status, Linux only). */
export async function residentMegabytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);

  return kilobytes / 1024;
}

/** Samples a process's resident memory until stopped and keeps the maximum. */
export class MemorySampler {
  private peak = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly pid: number) {}

  start(intervalMs = 250): void {
    this.timer = setInterval(() => {
      residentMegabytes(this.pid).then(
        (megabytes) => (this.peak = Math.max(this.peak, megabytes)),
        () => undefined,
      );
    }, intervalMs);
  }

  stop(): number {
    clearInterval(this.timer);

    return this.peak;
  }
}

/** A running API child process. */
export class ApiProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    /** Milliseconds from spawning the process to the first 200 of /health/ready. */
    readonly startToReadyMs: number,
  ) {}

  get pid(): number {
    return this.child.pid as number;
  }

  /** Starts `node dist/apps/api/src/main.js` with the given environment and waits until ready. */
  static async start(env: Record<string, string>, logFile: string): Promise<ApiProcess> {
    const port = await freePort();
    const log = openSync(logFile, 'a');
    const started = performance.now();
    const child = spawn(process.execPath, [...API_NODE_FLAGS, API_ENTRY], {
      env: { PATH: process.env.PATH ?? '', ...env, APP_HOST: '127.0.0.1', APP_PORT: String(port) },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    trackChild(child);
    const baseUrl = `http://127.0.0.1:${port}`;
    try {
      await waitUntilReady(child, baseUrl, logFile);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }

    return new ApiProcess(child, baseUrl, performance.now() - started);
  }

  /** Sends SIGTERM and waits for the exit, killing the process after 15 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) {
      return;
    }
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  async login(tenant: string, email: string, password: string): Promise<string> {
    const response = await fetch(`${this.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant, email, password }),
    });
    if (response.status !== 200) {
      throw new Error(
        `login to tenant ${tenant} failed with ${response.status}: ${await response.text()}`,
      );
    }

    return ((await response.json()) as { accessToken: string }).accessToken;
  }
}

async function waitUntilReady(
  child: ChildProcess,
  baseUrl: string,
  logFile: string,
): Promise<void> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `the API exited with code ${child.exitCode} before it was ready; see ${logFile}`,
      );
    }
    const status = await fetch(`${baseUrl}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) {
      return;
    }
    await sleep(READY_POLL_MS);
  }
  throw new Error(`the API was not ready within ${READY_TIMEOUT_MS} ms; see ${logFile}`);
}
