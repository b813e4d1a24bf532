import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { migrateDatabase } from '@fisiorag/database';

const run = promisify(execFile);

/** Binaries of the PostgreSQL 15 server that pgvector is installed for; override with PG_BIN. */
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

const APP_LOGIN = 'fisiorag_api';
const APP_PASSWORD = 'fisiorag_api';

/**
 * A PostgreSQL cluster of the test's own, in a temporary directory on a free loopback port, so a
 * test can stop, restart and freeze the server without touching any other database. Runs the
 * server as the `postgres` system user when the test runs as root, because PostgreSQL refuses to
 * run as root.
 */
export class ScratchPostgres {
  private constructor(
    private readonly dataDir: string,
    readonly port: number,
    private readonly runAsPostgres: boolean,
  ) {}

  /** Whether the server binaries exist, so a test can skip with a reason when they do not. */
  static isAvailable(): boolean {
    return existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));
  }

  /** initdb, start, then create the vector and unaccent extensions and the application login. */
  static async create(): Promise<ScratchPostgres> {
    const runAsPostgres = process.getuid?.() === 0;
    const dataDir = await mkdtemp(join(tmpdir(), 'fisiorag-scratch-pg-'));
    if (runAsPostgres) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: group } = await run('id', ['-g', 'postgres']);
      await chown(dataDir, Number(stdout.trim()), Number(group.trim()));
    }
    await chmod(dataDir, 0o700);
    const cluster = new ScratchPostgres(dataDir, await freePort(), runAsPostgres);
    await cluster.pg('initdb', [
      '-D',
      join(dataDir, 'data'),
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    await cluster.start();
    await cluster.psql(`
      CREATE EXTENSION vector;
      CREATE EXTENSION unaccent;
      CREATE ROLE ${APP_LOGIN} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '${APP_PASSWORD}';`);

    return cluster;
  }

  /** Superuser URL: owns the schema and runs the migrations. */
  get ownerUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** URL of the application login, which is neither superuser nor owner of the tables. */
  get appUrl(): string {
    return `postgres://${APP_LOGIN}:${APP_PASSWORD}@127.0.0.1:${this.port}/postgres`;
  }

  /** Applies the migrations as the owner and lets the application login act as fisiorag_app. */
  async migrate(vectorDimension = 1536): Promise<void> {
    await migrateDatabase({ url: this.ownerUrl, vectorDimension });
    await this.psql(`GRANT fisiorag_app TO ${APP_LOGIN};`);
  }

  async start(): Promise<void> {
    await this.pg('pg_ctl', [
      '-D',
      join(this.dataDir, 'data'),
      '-l',
      join(this.dataDir, 'server.log'),
      '-o',
      `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dataDir} -c fsync=off`,
      '-w',
      'start',
    ]);
  }

  /** Fast shutdown: open connections are closed and the port stops accepting. */
  async stop(): Promise<void> {
    await this.pg('pg_ctl', ['-D', join(this.dataDir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  /**
   * SIGSTOP to the postmaster and every backend: the kernel still completes TCP handshakes on
   * the listening port, but no connection gets a reply.
   */
  async freeze(): Promise<void> {
    await this.signalAll('SIGSTOP');
  }

  async thaw(): Promise<void> {
    await this.signalAll('SIGCONT');
  }

  /** Stops the server (thawing it first if needed) and deletes its directory. */
  async destroy(): Promise<void> {
    await this.thaw().catch(() => undefined);
    await this.stop().catch(() => undefined);
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private async signalAll(signal: NodeJS.Signals): Promise<void> {
    const postmaster = await this.postmasterPid();
    if (postmaster === undefined) {
      return;
    }
    for (const pid of [postmaster, ...(await childrenOf(postmaster))]) {
      try {
        process.kill(pid, signal);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
          throw error;
        }
      }
    }
  }

  private async postmasterPid(): Promise<number | undefined> {
    const pidFile = await readFile(join(this.dataDir, 'data', 'postmaster.pid'), 'utf8').catch(
      () => '',
    );
    const pid = Number(pidFile.split('\n')[0]);

    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  private async psql(sql: string): Promise<void> {
    await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', this.ownerUrl, '-c', sql]);
  }

  private async pg(binary: string, args: string[]): Promise<void> {
    const command = join(PG_BIN, binary);
    if (this.runAsPostgres) {
      await run('runuser', ['-u', 'postgres', '--', command, ...args]);
    } else {
      await run(command, args);
    }
  }
}

/** Finds a loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));

  return port;
}

/** Direct children of `parent`, read from /proc (Linux). */
async function childrenOf(parent: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The field after "(command)" is the state, then the parent pid.
    const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parentPid === parent) {
      children.push(Number(entry));
    }
  }

  return children;
}
