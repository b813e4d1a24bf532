import { Global, Module } from '@nestjs/common';

import { ActiveUsersTracker } from './active-users.tracker';
import { BusinessMetrics } from './business-metrics.service';
import { HttpMetrics } from './http-metrics';
import { METRIC_PROVIDERS } from './metrics.providers';
import { MetricsServer } from './metrics.server';

/**
 * Prometheus metrics: the HTTP and business metrics of METRIC_NAMES, the Node.js defaults, and
 * the listener on METRICS_PORT. The metrics are @willsoto/nestjs-prometheus providers in
 * prom-client's default registry. PrometheusModule itself is not imported, because it always
 * mounts its /metrics controller on the application's own HTTP server, the public port.
 *
 * NOTE: prom-client's registry is process-wide, so a second app in the same process (tests)
 * reuses the first app's metric objects, and the gauges keep reading the first app's database
 * pool and active users.
 */
@Global()
@Module({
  providers: [...METRIC_PROVIDERS, ActiveUsersTracker, BusinessMetrics, HttpMetrics, MetricsServer],
  exports: [BusinessMetrics, MetricsServer],
})
export class MetricsModule {}
