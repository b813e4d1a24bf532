import type { Server } from 'node:http';

import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

import { ShutdownState } from '@fisiorag/health';

import { flushErrorReports } from './error-reporting';

/** After the grace expires and the connections are cut, the hooks get this long to finish. */
const FORCED_CLOSE_MS = 1000;

/** How often the drain closes keep-alive connections that have become idle. */
const IDLE_SWEEP_MS = 250;

export interface GracefulShutdownOptions {
  /** Maximum wait for in-flight requests and the shutdown hooks, in milliseconds. */
  graceMs: number;
  signals?: NodeJS.Signals[];
}

/**
 * Installs the SIGTERM and SIGINT handlers. On a signal, readiness fails at once. The public
 * listener stops accepting and waits for the requests in flight; a request that arrives on an
 * open keep-alive connection is still served. Responses sent during the drain carry
 * `Connection: close` and idle keep-alive connections are closed, so no connection outlives its
 * last response. Then Nest's shutdown hooks close the metrics listener, the Redis health
 * connection, the database pool and the embedded PGlite.
 *
 * The process exits 0 when all of it ends within `graceMs`. Otherwise the remaining connections
 * are cut and it exits 1, as it does on a second signal.
 *
 * Nothing in this process works outside a request yet. A background consumer (such as an
 * in-process job queue) must stop taking items in onModuleDestroy, which Nest calls before the
 * listener closes, and finish its current item in onApplicationShutdown.
 */
export function installGracefulShutdown(
  app: NestFastifyApplication,
  options: GracefulShutdownOptions,
): void {
  const logger = new Logger('GracefulShutdown');
  const exit = (code: number) => process.exit(code);
  const state = app.get(ShutdownState);
  let shuttingDown = false;

  // Must run before listen(): Fastify accepts no hook once it is ready.
  (app.getHttpAdapter().getInstance() as FastifyInstance).addHook(
    'onSend',
    async (request, reply) => {
      if (state.isShuttingDown && request.raw.httpVersionMajor < 2) {
        void reply.header('connection', 'close');
      }
    },
  );

  const onSignal = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      logger.warn(`${signal} received during shutdown: exiting at once with code 1`);
      exit(1);

      return;
    }
    shuttingDown = true;
    void shutDown(app, signal, options.graceMs, logger).then(exit);
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) {
    process.on(signal, onSignal);
  }
}

async function shutDown(
  app: NestFastifyApplication,
  signal: NodeJS.Signals,
  graceMs: number,
  logger: Logger,
): Promise<number> {
  const started = Date.now();
  app.get(ShutdownState).markShuttingDown();
  const server = app.getHttpServer() as Server;
  logger.log(
    `${signal} received: readiness fails from now on; draining ${await countConnections(server)} ` +
      `open connection(s) within SHUTDOWN_GRACE_MS=${graceMs} ms`,
  );

  // Node's server.close() closes only the connections idle at that moment; a connection whose
  // response ends later would otherwise stay open until Fastify's keepAliveTimeout (72 s).
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  const closing = app.close().then(
    () => true,
    (error: unknown) => {
      logger.error(
        `shutdown hooks failed: ${error instanceof Error ? error.message : String(error)}`,
        error instanceof Error ? error.stack : undefined,
      );

      return false;
    },
  );
  const closed = await withDeadline(closing, graceMs);
  clearInterval(sweep);
  if (closed === undefined) {
    logger.error(
      `shutdown did not finish within SHUTDOWN_GRACE_MS=${graceMs} ms: closing ` +
        `${await countConnections(server)} remaining connection(s) and exiting with code 1`,
    );
    server.closeAllConnections();
    await withDeadline(closing, FORCED_CLOSE_MS);
    await flushErrorReports(FORCED_CLOSE_MS);

    return 1;
  }
  await flushErrorReports(Math.max(0, graceMs - (Date.now() - started)));
  logger.log(
    `shutdown ${closed ? 'complete' : 'finished with errors'} in ${Date.now() - started} ms`,
  );

  return closed ? 0 : 1;
}

/** Resolves with the promise's value, or with undefined once `ms` have passed. */
async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function countConnections(server: Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((_error, count) => resolve(count ?? 0)));
}
