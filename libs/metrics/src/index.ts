export { ACTIVE_USER_WINDOW_MS, ActiveUsersTracker } from './active-users.tracker';
export {
  BusinessMetrics,
  createUnpublishedBusinessMetrics,
  type IngestionOutcome,
  type QueryOutcome,
} from './business-metrics.service';
export { METRIC_NAMES, RESERVED_METRIC_NAMES, UNMATCHED_ROUTE } from './metric-names';
export { MetricsModule } from './metrics.module';
export { METRICS_PATH, MetricsServer } from './metrics.server';
