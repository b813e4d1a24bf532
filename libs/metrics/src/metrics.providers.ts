import type { Provider } from '@nestjs/common';
import {
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';

import { DatabaseRuntime } from '@fisiorag/database';

import { ActiveUsersTracker } from './active-users.tracker';
import { METRIC_NAMES } from './metric-names';

/** Bucket bounds of ingestion times, in seconds: one small note up to a long PDF. */
const INGESTION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export const QUERIES_CONFIG = {
  name: METRIC_NAMES.queries,
  help: 'Questions answered by /api/v1/query, by search mode and outcome.',
  labelNames: ['mode', 'outcome'] as const,
};

export const QUERY_DURATION_CONFIG = {
  name: METRIC_NAMES.queryDuration,
  help: 'Time to answer a question (retrieval and generation), by search mode.',
  labelNames: ['mode'] as const,
};

export const DOCUMENTS_CONFIG = {
  name: METRIC_NAMES.documents,
  help: 'Documents whose ingestion finished since the process started, by outcome (ready, failed).',
  labelNames: ['outcome'] as const,
};

export const CHUNKS_CONFIG = {
  name: METRIC_NAMES.chunks,
  help: 'Chunks written by finished ingestions since the process started.',
};

export const INGESTION_DURATION_CONFIG = {
  name: METRIC_NAMES.ingestionDuration,
  help: 'Time to chunk, embed and store a document, by outcome (ready, failed).',
  labelNames: ['outcome'] as const,
  buckets: INGESTION_BUCKETS,
};

/** Every published metric. Gauges read their value at scrape time, so they never drift. */
export const METRIC_PROVIDERS: Provider[] = [
  makeHistogramProvider({
    name: METRIC_NAMES.httpRequestDuration,
    help: 'Duration of HTTP requests on the public port, by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'],
  }),
  makeCounterProvider({ ...QUERIES_CONFIG, labelNames: [...QUERIES_CONFIG.labelNames] }),
  makeHistogramProvider({
    ...QUERY_DURATION_CONFIG,
    labelNames: [...QUERY_DURATION_CONFIG.labelNames],
  }),
  makeGaugeProvider({
    name: METRIC_NAMES.activeUsers,
    help: 'Distinct users with an authenticated request in the last 5 minutes, in this process.',
    inject: [ActiveUsersTracker],
    collect(this: Gauge, tracker: ActiveUsersTracker) {
      this.set(tracker.count());
    },
  }),
  makeGaugeProvider({
    name: METRIC_NAMES.databaseConnections,
    help: 'Connections of the database pool, by state (in_use, idle).',
    labelNames: ['state'],
    inject: [DatabaseRuntime],
    collect(this: Gauge<'state'>, runtime: DatabaseRuntime) {
      const { inUse, idle } = runtime.poolStats();
      this.set({ state: 'in_use' }, inUse);
      this.set({ state: 'idle' }, idle);
    },
  }),
  makeCounterProvider({ ...DOCUMENTS_CONFIG, labelNames: [...DOCUMENTS_CONFIG.labelNames] }),
  makeCounterProvider(CHUNKS_CONFIG),
  makeHistogramProvider({
    ...INGESTION_DURATION_CONFIG,
    labelNames: [...INGESTION_DURATION_CONFIG.labelNames],
  }),
];
