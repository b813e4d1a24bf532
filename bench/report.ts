import type { EmbeddedRun } from './embedded-scenario';
import type { HealthFigures } from './health-benchmark';
import type { LoadResult } from './load';
import type { BenchOptions } from './options';
import { configuredRecall, type PostgresRun } from './postgres-scenario';

export interface BenchFigures {
  machine: Record<string, string>;
  options: BenchOptions;
  postgres: PostgresRun[];
  embedded?: EmbeddedRun;
  health?: HealthFigures;
  totalSeconds: number;
}

const ms = (value: number): string => value.toFixed(1);
const rate = (value: number): string => value.toFixed(0);
const ratio = (value: number): string => `${value.toFixed(2)}x`;

function table(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) {
    lines.push(`| ${row.join(' | ')} |`);
  }

  return lines.join('\n');
}

function searchTable(runs: readonly PostgresRun[]): string {
  const rows = runs.flatMap((run) =>
    run.api.map(({ mode, load }) => {
      const raw = run.raw[mode];

      return [
        String(run.chunks),
        mode,
        ms(load.p50),
        ms(load.p95),
        rate(load.throughput),
        ms(raw.p50),
        ms(raw.p95),
        rate(raw.throughput),
        ratio(load.p50 / raw.p50),
        ratio(load.p95 / raw.p95),
        ratio(load.throughput / raw.throughput),
        String(load.failures + raw.failures),
      ];
    }),
  );

  return table(
    [
      'chunks',
      'mode',
      'API p50 ms',
      'API p95 ms',
      'API req/s',
      'raw p50 ms',
      'raw p95 ms',
      'raw req/s',
      'p50 API/raw',
      'p95 API/raw',
      'req/s API/raw',
      'failures',
    ],
    rows,
  );
}

function recallTable(runs: readonly PostgresRun[], efSearch: number): string {
  const rows = runs.flatMap((run) =>
    (['large', 'small'] as const).flatMap((tenant) =>
      run.recall[tenant].byEfSearch.map((recall) => [
        String(run.chunks),
        `${tenant} (${run.recall[tenant].tenantChunks} chunks)`,
        recall.efSearch === efSearch ? `${recall.efSearch} (API)` : String(recall.efSearch),
        recall.recallAt10.toFixed(3),
        String(recall.minRows),
        recall.meanRows.toFixed(1),
        `${recall.shortResults} of ${recall.queries}`,
      ]),
    ),
  );

  return table(
    [
      'chunks',
      'tenant',
      'ef_search',
      'recall@10',
      'min rows (of 50)',
      'mean rows',
      'short results',
    ],
    rows,
  );
}

/** Chunks per second of API ingestion once the embedding time measured in-process is removed. */
export function apiRateWithoutEmbedding(run: PostgresRun): number {
  return run.ingestion.apiChunks / ((run.ingestion.apiMs - run.ingestion.embeddingMs) / 1000);
}

export function rawInsertRate(run: PostgresRun): number {
  return run.ingestion.rawChunks / (run.ingestion.rawInsertMs / 1000);
}

function ingestionTable(runs: readonly PostgresRun[]): string {
  const rows = runs.map((run) => {
    const ingestion = run.ingestion;

    return [
      String(run.chunks),
      `${ingestion.documents} / ${ingestion.apiChunks}`,
      rate(ingestion.apiChunks / (ingestion.apiMs / 1000)),
      rate(ingestion.embeddingMs),
      rate(ingestion.chunkingMs),
      rate(apiRateWithoutEmbedding(run)),
      `${rate(rawInsertRate(run))} (${ingestion.rawChunks} chunks)`,
      ratio(apiRateWithoutEmbedding(run) / rawInsertRate(run)),
    ];
  });

  return table(
    [
      'chunks in table',
      'documents / chunks',
      'API chunks/s',
      'embedding ms',
      'chunking ms',
      'API chunks/s without embedding',
      'raw insert chunks/s',
      'API/raw',
    ],
    rows,
  );
}

function processTable(figures: BenchFigures): string {
  const rows = figures.postgres.map((run) => [
    'PostgreSQL',
    String(run.chunks),
    rate(run.startup.startToReadyMs),
    rate(run.startup.idleRssMb),
    rate(Math.max(...run.api.map((api) => api.peakRssMb))),
    rate(run.seeding.seedMs / 1000),
    rate(run.seeding.embeddingMs / 1000),
    Object.values(run.seeding.indexBuildMs)
      .map((value) => rate(value / 1000))
      .join(' / '),
  ]);
  const embedded = figures.embedded;
  if (embedded) {
    rows.push([
      'embedded PGlite',
      String(embedded.chunks),
      rate(embedded.startup.startToReadyMs),
      rate(embedded.startup.idleRssMb),
      rate(Math.max(...embedded.api.map((api) => api.peakRssMb))),
      rate(embedded.seeding.seedMs / 1000),
      rate(embedded.seeding.embeddingMs / 1000),
      Object.values(embedded.seeding.indexBuildMs)
        .map((value) => rate(value / 1000))
        .join(' / '),
    ]);
  }

  return table(
    [
      'database',
      'chunks',
      'start to ready ms',
      'idle RSS MB',
      'peak RSS under load MB',
      'seeding s',
      'of which embedding s',
      'HNSW / GIN build s',
    ],
    rows,
  );
}

function embeddedTable(embedded: EmbeddedRun, postgres: PostgresRun | undefined): string {
  const rows = embedded.api.map(({ mode, load }) => {
    const raw = embedded.raw[mode];
    const reference = postgres?.api.find((api) => api.mode === mode)?.load;

    return [
      mode,
      ms(load.p50),
      ms(load.p95),
      rate(load.throughput),
      ms(raw.p50),
      ratio(load.p50 / raw.p50),
      reference ? ms(reference.p50) : 'n/a',
      reference ? ratio(load.p50 / reference.p50) : 'n/a',
      reference ? ratio(load.throughput / reference.throughput) : 'n/a',
      String(load.failures + raw.failures),
    ];
  });

  return table(
    [
      'mode',
      'API p50 ms',
      'API p95 ms',
      'API req/s',
      'raw p50 ms',
      'p50 API/raw',
      `PostgreSQL API p50 ms (${postgres?.chunks ?? 'n/a'} chunks)`,
      'p50 embedded/PostgreSQL',
      'req/s embedded/PostgreSQL',
      'failures',
    ],
    rows,
  );
}

function healthTable(health: HealthFigures): string {
  const row = (name: string, load: LoadResult) => [
    name,
    rate(load.throughput),
    ms(load.p50),
    ms(load.p95),
    String(load.failures),
  ];

  return table(
    ['server', 'req/s', 'p50 ms', 'p95 ms', 'failures'],
    [
      row('API /health/live', health.api),
      row('bare Fastify', health.bare),
      ['API/bare', ratio(health.api.throughput / health.bare.throughput), '', '', ''],
    ],
  );
}

interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

function targetChecks(figures: BenchFigures): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const largest = figures.postgres.at(-1);
  if (largest) {
    for (const { mode, load } of largest.api) {
      const raw = largest.raw[mode];
      checks.push(
        {
          target: `${mode} search p50 <= 1.3x raw SQL at ${largest.chunks} chunks`,
          measured: ratio(load.p50 / raw.p50),
          met: load.p50 <= 1.3 * raw.p50,
        },
        {
          target: `${mode} search p95 <= 1.6x raw SQL at ${largest.chunks} chunks`,
          measured: ratio(load.p95 / raw.p95),
          met: load.p95 <= 1.6 * raw.p95,
        },
      );
    }
    const efSearch = figures.options.efSearch;
    const large = configuredRecall(largest.recall.large, efSearch);
    const small = configuredRecall(largest.recall.small, efSearch);
    checks.push(
      {
        target: `HNSW recall@10 >= 0.97 (large tenant, ef_search ${efSearch})`,
        measured: large.recallAt10.toFixed(3),
        met: large.recallAt10 >= 0.97,
      },
      {
        target: `1% tenant recall@10 >= 0.97 (ef_search ${efSearch})`,
        measured: small.recallAt10.toFixed(3),
        met: small.recallAt10 >= 0.97,
      },
      {
        target: '1% tenant: no short result',
        measured: `${small.shortResults} short of ${small.queries}`,
        met: small.shortResults === 0,
      },
    );
    const ingestionRatio = apiRateWithoutEmbedding(largest) / rawInsertRate(largest);
    checks.push({
      target: 'ingestion >= 0.6x raw insert rate, embedding excluded',
      measured: ratio(ingestionRatio),
      met: ingestionRatio >= 0.6,
    });
    checks.push({
      target: 'idle memory <= 200 MB (PostgreSQL mode)',
      measured: `${rate(largest.startup.idleRssMb)} MB`,
      met: largest.startup.idleRssMb <= 200,
    });
  }
  if (figures.health) {
    const healthRatio = figures.health.api.throughput / figures.health.bare.throughput;
    checks.push({
      target: '/health/live >= 0.8x bare Fastify',
      measured: ratio(healthRatio),
      met: healthRatio >= 0.8,
    });
  }

  return checks;
}

/** Renders every figure as Markdown tables, ready to paste into BENCHMARKS.md. */
export function renderReport(figures: BenchFigures): string {
  const sections = [
    '## Machine',
    table(['item', 'value'], Object.entries(figures.machine)),
    '## Search: API against the same SQL through pg',
    searchTable(figures.postgres),
    '## HNSW recall@10 against an exact scan',
    recallTable(figures.postgres, figures.options.efSearch),
    '## Ingestion',
    ingestionTable(figures.postgres),
    '## Startup, memory and seeding',
    processTable(figures),
  ];
  if (figures.health) {
    sections.push('## /health/live against bare Fastify', healthTable(figures.health));
  }
  if (figures.embedded) {
    sections.push(
      `## Embedded PGlite (${figures.embedded.chunks} chunks)`,
      embeddedTable(
        figures.embedded,
        figures.postgres.find((run) => run.chunks === figures.embedded?.chunks),
      ),
    );
  }
  sections.push(
    '## Targets',
    table(
      ['target', 'measured', 'met'],
      targetChecks(figures).map((check) => [
        check.target,
        check.measured,
        check.met ? 'yes' : 'no',
      ]),
    ),
    `Total benchmark time: ${rate(figures.totalSeconds)} s.`,
  );

  return `${sections.join('\n\n')}\n`;
}
