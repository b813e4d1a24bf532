import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { freePort } from './scratch-postgres';
import { TEST_TARGET, type TestTenant, startTestApp } from './test-app';

const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * Compiles the API with `nest build` into a directory of its own under dist/, so the test
 * neither races other builds of dist/apps nor depends on one, and returns the path of main.js.
 * Node finds the packages in the repository's node_modules because the output sits inside it.
 */
export async function buildApi(): Promise<{ mainJs: string; cleanup: () => Promise<void> }> {
  await mkdir(join(REPO_ROOT, 'dist'), { recursive: true });
  const buildDir = await mkdtemp(join(REPO_ROOT, 'dist', 'test-build-'));
  const tsconfig = join(buildDir, 'tsconfig.json');
  await writeFile(
    tsconfig,
    JSON.stringify({
      extends: join(REPO_ROOT, 'tsconfig.build.json'),
      compilerOptions: {
        outDir: join(buildDir, 'out'),
        rootDir: REPO_ROOT,
        typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
        incremental: false,
      },
    }),
  );
  const output = await new Promise<string>((done) => {
    execFile(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'),
        'build',
        'api',
        '-p',
        tsconfig,
      ],
      { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
      (_error, stdout, stderr) => done(`${stdout}${stderr}`),
    );
  });
  const mainJs = join(buildDir, 'out', 'apps', 'api', 'src', 'main.js');
  // nest build still emits when another file has a type error; tsc in CI reports those.
  if (!existsSync(mainJs)) {
    throw new Error(`nest build api produced no ${mainJs}:\n${output}`);
  }

  return { mainJs, cleanup: () => rm(buildDir, { recursive: true, force: true }) };
}

/** Configuration shared by the in-process setup app and the API child process. */
export interface ApiProcessEnvironment {
  env: Record<string, string>;
  /** An admin of a tenant created before the child starts, with a token it accepts. */
  tenant: TestTenant;
  cleanup: () => Promise<void>;
}

/**
 * Creates a tenant with an in-process app on a database that then outlives it: a PGlite
 * directory (embedded suite) or TEST_DATABASE_URL (service suite). The child process started
 * with `env` opens the same database and shares the JWT secret, so the admin token stays valid.
 */
export async function prepareApiProcessEnvironment(
  extraEnv: Record<string, string> = {},
): Promise<ApiProcessEnvironment> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fisiorag-api-process-'));
  const databaseEnv: Record<string, string> =
    TEST_TARGET === 'postgres'
      ? { DATABASE_URL: process.env.TEST_DATABASE_URL as string }
      : { PGLITE_DATA_DIR: join(dataDir, 'pglite') };
  const env: Record<string, string> = {
    APP_ENV: 'test',
    JWT_SECRET_KEY: randomBytes(32).toString('hex'),
    DATABASE_POOL_SIZE: '4',
    DEMO_TENANT_SLUG: `demo-${randomUUID().slice(0, 8)}`,
    RATE_LIMIT_DEFAULT: '1000000',
    RATE_LIMIT_QUERY: '1000000',
    ...databaseEnv,
    ...extraEnv,
  };
  const setup = await startTestApp(env);
  try {
    const tenant = await setup.createTenant('process');

    return { env, tenant, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  } finally {
    await setup.close();
  }
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when the process exited. */
  at: number;
}

/** The built API as a child process on a free loopback port, with its output captured. */
export class ApiProcess {
  private output = '';
  readonly exited: Promise<ProcessExit>;

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((done) =>
      child.once('exit', (code, signal) => done({ code, signal, at: Date.now() })),
    );
  }

  /** Starts main.js and waits until /health/ready returns 200. */
  static async start(mainJs: string, env: Record<string, string>): Promise<ApiProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [mainJs], {
      // Not the repository root, so no developer .env is read.
      cwd: resolve(mainJs, '..'),
      env: { PATH: process.env.PATH ?? '', APP_HOST: '127.0.0.1', APP_PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const api = new ApiProcess(child, `http://127.0.0.1:${port}`);
    await api.waitUntilReady();

    return api;
  }

  /** Everything the process wrote to stdout and stderr so far. */
  get log(): string {
    return this.output;
  }

  /** Parses the JSON lines of the output, skipping any line that is not JSON. */
  logRecords(): Record<string, unknown>[] {
    return this.output.split('\n').flatMap((line) => {
      if (!line.startsWith('{')) {
        return [];
      }
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Kills the process if it still runs (cleanup after a failed test). */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + 60_000;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline && !exited) {
      const status = await fetch(`${this.baseUrl}/health/ready`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) {
        return;
      }
      await new Promise((done) => setTimeout(done, 200));
    }
    await this.stop();
    throw new Error(`the API process did not become ready:\n${this.output}`);
  }
}
