import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';

import { AppConfig } from '@fisiorag/config';

export const METRICS_PATH = '/metrics';

/**
 * prom-client (15.1) publishes these Node defaults as gauges whose names end in `_total`, which
 * `promtool check metrics` rejects. Each is the sum of the same gauge without the suffix
 * (`nodejs_active_handles` by type, and so on), so `sum()` in PromQL gives the same number.
 */
const LINT_FAILING_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** Starts collecting prom-client's Node.js defaults once per process. */
function collectNodeMetrics(): void {
  if (register.getSingleMetric('process_cpu_user_seconds_total')) {
    return;
  }
  collectDefaultMetrics();
  for (const name of LINT_FAILING_DEFAULT_METRICS) {
    register.removeSingleMetric(name);
  }
}

/**
 * Serves prom-client's registry on METRICS_PORT, on a listener of its own: the public port
 * never exposes metrics, and an ingress that routes only APP_PORT keeps them internal. Starts
 * only when PROMETHEUS_ENABLED is true, and closes after the public listener has drained, so
 * Prometheus can scrape during a graceful shutdown.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server?: Server;

  constructor(private readonly config: AppConfig) {}

  /** Returns the bound address, or undefined when metrics are disabled or not started yet. */
  address(): AddressInfo | undefined {
    return (this.server?.address() as AddressInfo | null) ?? undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { PROMETHEUS_ENABLED, METRICS_PORT, APP_PORT, APP_HOST } = this.config.env;
    if (!PROMETHEUS_ENABLED) {
      return;
    }
    if (METRICS_PORT !== 0 && METRICS_PORT === APP_PORT) {
      throw new Error(
        `METRICS_PORT=${METRICS_PORT} is also APP_PORT: give the metrics listener its own port, ` +
          'so metrics never reach the public port',
      );
    }
    collectNodeMetrics();
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(METRICS_PORT, APP_HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port } = this.address() as AddressInfo;
    this.logger.log(`Prometheus metrics at http://${APP_HOST}:${port}${METRICS_PATH}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) {
      return;
    }
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    this.logger.log('metrics listener closed');
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== METRICS_PATH) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`Not found: metrics are served at ${METRICS_PATH}\n`);

      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      response.end(`Method ${request.method} not allowed: use GET\n`);

      return;
    }
    try {
      const body = await register.metrics();
      response.writeHead(200, { 'content-type': register.contentType });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch (error) {
      this.logger.error(
        `collecting metrics failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Collecting metrics failed; see the application log\n');
    }
  }
}
