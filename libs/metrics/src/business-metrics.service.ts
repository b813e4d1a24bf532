import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter, Histogram, Registry } from 'prom-client';

import { METRIC_NAMES } from './metric-names';
import {
  CHUNKS_CONFIG,
  DOCUMENTS_CONFIG,
  INGESTION_DURATION_CONFIG,
  QUERIES_CONFIG,
  QUERY_DURATION_CONFIG,
} from './metrics.providers';

export type QueryOutcome = 'answered' | 'out_of_context' | 'error';

export type IngestionOutcome = 'ready' | 'failed';

/**
 * Records question answering and ingestion. Callers pass values of closed sets only (a search
 * mode, an outcome), so no label grows with the data.
 */
@Injectable()
export class BusinessMetrics {
  constructor(
    @InjectMetric(METRIC_NAMES.queries)
    private readonly queries: Counter<'mode' | 'outcome'>,
    @InjectMetric(METRIC_NAMES.queryDuration)
    private readonly queryDuration: Histogram<'mode'>,
    @InjectMetric(METRIC_NAMES.documents)
    private readonly documents: Counter<'outcome'>,
    @InjectMetric(METRIC_NAMES.chunks)
    private readonly chunks: Counter,
    @InjectMetric(METRIC_NAMES.ingestionDuration)
    private readonly ingestionDuration: Histogram<'outcome'>,
  ) {}

  /** @param mode the search mode that ran (hybrid, vector or keyword) */
  recordQuery(mode: string, outcome: QueryOutcome, durationSeconds: number): void {
    this.queries.inc({ mode, outcome });
    this.queryDuration.observe({ mode }, durationSeconds);
  }

  /** @param chunkCount chunks written; 0 for a failed ingestion */
  recordIngestion(outcome: IngestionOutcome, durationSeconds: number, chunkCount: number): void {
    this.documents.inc({ outcome });
    this.ingestionDuration.observe({ outcome }, durationSeconds);
    if (chunkCount > 0) {
      this.chunks.inc(chunkCount);
    }
  }
}

/**
 * Builds BusinessMetrics on a registry that nothing publishes, for code that creates the services
 * without Nest's container (unit tests, scripts).
 */
export function createUnpublishedBusinessMetrics(registry = new Registry()): BusinessMetrics {
  const registers = [registry];

  return new BusinessMetrics(
    new Counter({ ...QUERIES_CONFIG, labelNames: [...QUERIES_CONFIG.labelNames], registers }),
    new Histogram({
      ...QUERY_DURATION_CONFIG,
      labelNames: [...QUERY_DURATION_CONFIG.labelNames],
      registers,
    }),
    new Counter({ ...DOCUMENTS_CONFIG, labelNames: [...DOCUMENTS_CONFIG.labelNames], registers }),
    new Counter({ ...CHUNKS_CONFIG, registers }),
    new Histogram({
      ...INGESTION_DURATION_CONFIG,
      labelNames: [...INGESTION_DURATION_CONFIG.labelNames],
      registers,
    }),
  );
}
