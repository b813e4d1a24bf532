import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { Logger } from '@nestjs/common';

/** Marks an in-memory embedded database (tests, tools); anything else is a directory. */
export const IN_MEMORY = 'memory://';

/** Port number in the socket file name (`.s.PGSQL.5432`); no TCP port is opened. */
const SOCKET_PORT = 5432;

/**
 * PGlite (PostgreSQL compiled to WebAssembly, with pgvector and unaccent) served over a
 * local Unix socket, so TypeORM and `pg` reach it like any PostgreSQL server. PGlite checks
 * no password and every session is a superuser, so the socket lives in a directory only
 * this process's user can enter (mode 0700), never on a TCP port other local users reach.
 *
 * PGlite has one backend: the socket server multiplexes connections but queues a second
 * connection's statements until the first connection's transaction ends.
 */
export class EmbeddedPostgres {
  private static readonly logger = new Logger(EmbeddedPostgres.name);

  private constructor(
    private readonly database: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly url: string,
    private readonly socketDir: string,
    private readonly lockFile?: string,
  ) {}

  static async start(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
    const started = Date.now();
    const location = dataDir === IN_MEMORY ? IN_MEMORY : resolve(dataDir);
    const lockFile = location === IN_MEMORY ? undefined : `${location}.lock`;
    if (lockFile) {
      await mkdir(location, { recursive: true, mode: 0o700 });
      await chmod(location, 0o700);
      await acquireLock(lockFile, location);
    }
    const socketDir = await mkdtemp(join(tmpdir(), 'fisiorag-pglite-'));
    const database = await PGlite.create({
      dataDir: location === IN_MEMORY ? undefined : location,
      extensions: { vector, unaccent },
    });
    const server = new PGLiteSocketServer({
      db: database,
      path: join(socketDir, `.s.PGSQL.${SOCKET_PORT}`),
      maxConnections,
    });
    await server.start();
    // libpq style: the host query parameter names the socket directory.
    const url = `postgres://postgres:postgres@localhost:${SOCKET_PORT}/postgres?host=${encodeURIComponent(socketDir)}`;
    EmbeddedPostgres.logger.log(
      `embedded PostgreSQL (PGlite) at ${location} ready on ${socketDir} in ${Date.now() - started} ms`,
    );

    return new EmbeddedPostgres(database, server, url, socketDir, lockFile);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.database.close();
    await rm(this.socketDir, { recursive: true, force: true });
    if (this.lockFile) {
      await rm(this.lockFile, { force: true });
    }
    EmbeddedPostgres.logger.log('embedded PostgreSQL stopped');
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);

    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data directory for this process. Two PGlite instances writing one directory
 * would corrupt it, so a second API or CLI process on the same directory stops here.
 */
async function acquireLock(lockFile: string, location: string): Promise<void> {
  const holder = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
  if (holder && holder !== process.pid && isRunning(holder)) {
    throw new Error(
      `the embedded database at ${location} is in use by process ${holder}: stop it first, ` +
        'or point PGLITE_DATA_DIR at another directory',
    );
  }
  await writeFile(lockFile, String(process.pid));
}
