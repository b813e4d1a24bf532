import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Chunk counts of the PostgreSQL runs, smallest first. */
  chunks: number[];
  /** Chunk count of the embedded (PGlite) run; 0 skips it. */
  embeddedChunks: number;
  /** Length of every load run, in seconds. */
  durationSeconds: number;
  /** Concurrent connections of every load run. */
  connections: number;
  /** Distinct questions the search runs rotate through. */
  questions: number;
  /** Questions of the recall measurement. */
  recallQuestions: number;
  /** Documents of 50 chunks uploaded in the ingestion measurement. */
  ingestDocuments: number;
  /** PostgreSQL database the benchmark drops and recreates. */
  databaseName: string;
  vectorDimension: number;
  /** hnsw.ef_search of the API and of the raw SQL. */
  efSearch: number;
  /** ef_search values of the recall measurement; always includes efSearch. */
  recallEfSearch: number[];
  /** File that receives every figure as JSON, if set. */
  jsonFile?: string;
}

export const USAGE = `Usage: npm run bench -- [options]

Seeds PostgreSQL (and PGlite) with generated chunks, then measures search latency through the
API against the same SQL run directly, /health/live against bare Fastify, HNSW recall, ingestion
throughput, memory and startup time. Needs PostgreSQL with pgvector at TEST_DATABASE_ADMIN_URL
(default postgres://postgres@127.0.0.1:5432/postgres).

Options:
  --chunks LIST            comma-separated chunk counts of the PostgreSQL runs (default 10000,100000)
  --embedded-chunks N      chunk count of the embedded PGlite run, 0 to skip (default 10000)
  --duration SECONDS       length of each load run (default 10)
  --connections N          concurrent connections of each load run (default 8)
  --questions N            distinct questions the search runs rotate through (default 200)
  --recall-questions N     questions of the recall@10 measurement (default 50)
  --ingest-documents N     documents of 50 chunks for the ingestion measurement (default 20)
  --database NAME          PostgreSQL database to drop and recreate (default fisiorag_bench)
  --vector-dimension N     embedding width, as VECTOR_DIMENSION (default 1536)
  --ef-search N            HNSW_EF_SEARCH of the API and the raw SQL, 10-1000 (default 400)
  --recall-ef-search LIST  comma-separated ef_search values of the recall measurement
                           (default 100,400,1000; --ef-search is always added)
  --json FILE              also write every figure as JSON to FILE
  --help                   print this help
`;

function positiveInteger(name: string, raw: string, allowZero = false): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new Error(
      `invalid --${name} ${JSON.stringify(raw)}: expected a ${allowZero ? 'non-negative' : 'positive'} integer`,
    );
  }

  return value;
}

function efSearchValue(name: string, raw: string): number {
  const value = positiveInteger(name, raw);
  if (value < 10 || value > 1000) {
    throw new Error(`invalid --${name} ${JSON.stringify(raw)}: ef_search must be from 10 to 1000`);
  }

  return value;
}

/** Parses the command line; returns undefined when --help was given. */
export function parseBenchOptions(args: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      chunks: { type: 'string', default: '10000,100000' },
      'embedded-chunks': { type: 'string', default: '10000' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '8' },
      questions: { type: 'string', default: '200' },
      'recall-questions': { type: 'string', default: '50' },
      'ingest-documents': { type: 'string', default: '20' },
      database: { type: 'string', default: 'fisiorag_bench' },
      'vector-dimension': { type: 'string', default: '1536' },
      'ef-search': { type: 'string', default: '400' },
      'recall-ef-search': { type: 'string', default: '100,400,1000' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    return undefined;
  }
  const chunks = values.chunks
    .split(',')
    .map((part) => positiveInteger('chunks', part.trim()))
    .sort((a, b) => a - b);
  if (chunks.some((count) => count < 100)) {
    throw new Error(
      'invalid --chunks: every count must be at least 100, so the small tenant owns at least one chunk',
    );
  }
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(values.database)) {
    throw new Error(
      `invalid --database ${JSON.stringify(values.database)}: expected a lowercase SQL identifier`,
    );
  }

  const efSearch = efSearchValue('ef-search', values['ef-search']);
  const recallEfSearch = [
    ...new Set([
      ...values['recall-ef-search']
        .split(',')
        .map((part) => efSearchValue('recall-ef-search', part.trim())),
      efSearch,
    ]),
  ].sort((a, b) => a - b);

  return {
    chunks,
    efSearch,
    recallEfSearch,
    embeddedChunks: positiveInteger('embedded-chunks', values['embedded-chunks'], true),
    durationSeconds: positiveInteger('duration', values.duration),
    connections: positiveInteger('connections', values.connections),
    questions: positiveInteger('questions', values.questions),
    recallQuestions: positiveInteger('recall-questions', values['recall-questions']),
    ingestDocuments: positiveInteger('ingest-documents', values['ingest-documents']),
    databaseName: values.database,
    vectorDimension: positiveInteger('vector-dimension', values['vector-dimension']),
    jsonFile: values.json,
  };
}
