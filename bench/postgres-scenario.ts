import { randomBytes } from 'node:crypto';

import { Client, Pool } from 'pg';

import { HashingEmbeddingProvider } from '@fisiorag/ingestion';

import { ApiProcess, residentMegabytes } from './api-process';
import { generateDocuments } from './corpus-generator';
import {
  ingestRaw,
  ingestThroughApi,
  type IngestionResult,
  prepareDocuments,
} from './ingestion-benchmark';
import type { LoadResult } from './load';
import type { BenchOptions } from './options';
import { prepareBenchDatabase } from './postgres-database';
import { measureRecall, type RecallResult } from './recall';
import { type ApiSearchFigures, measureApiSearch, measureRawSearch } from './search-benchmark';
import type { BenchSearchMode, PreparedQuery } from './search-workload';
import {
  createTenantWithAdmin,
  type SeededTenant,
  seedDocuments,
  withSearchIndexesRebuilt,
} from './seed';

// Seeds of the generated corpora, fixed so that every run measures the same data.
const LARGE_TENANT_SEED = 1;
const SMALL_TENANT_SEED = 2;
const INGESTION_SEED = 3;
const RAW_INGESTION_SEED = 4;

// The small tenant's share of all chunk rows.
const SMALL_TENANT_SHARE = 0.01;

// Time the idle API gets after /health/ready before its memory is read.
const IDLE_SETTLE_MS = 2000;

export interface SeedingFigures {
  /** Wall time of writing every row, embeddings included, in milliseconds. */
  seedMs: number;
  embeddingMs: number;
  /** Build time of each search index after the bulk load, in milliseconds. */
  indexBuildMs: Record<string, number>;
}

export interface StartupFigures {
  startToReadyMs: number;
  idleRssMb: number;
}

export interface TenantRecall {
  tenantChunks: number;
  /** One result per ef_search value measured. */
  byEfSearch: RecallResult[];
}

/** Returns the recall at the ef_search the API runs with. */
export function configuredRecall(recall: TenantRecall, efSearch: number): RecallResult {
  return recall.byEfSearch.find((result) => result.efSearch === efSearch) as RecallResult;
}

export interface PostgresRun {
  chunks: number;
  seeding: SeedingFigures;
  startup: StartupFigures;
  api: ApiSearchFigures[];
  raw: Record<BenchSearchMode, LoadResult>;
  recall: { large: TenantRecall; small: TenantRecall };
  ingestion: IngestionResult;
}

/** Environment of the API under test: production settings, and rate limits no run can reach. */
export function apiEnvironment(
  options: BenchOptions,
  extra: Record<string, string>,
): Record<string, string> {
  return {
    APP_ENV: 'production',
    LOG_LEVEL: 'info',
    JWT_SECRET_KEY: randomBytes(32).toString('hex'),
    CORS_ORIGINS: 'https://fisiorag.example',
    ALLOWED_HOSTS: '127.0.0.1',
    VECTOR_DIMENSION: String(options.vectorDimension),
    DATABASE_POOL_SIZE: '10',
    RATE_LIMIT_DEFAULT: '1000000',
    RATE_LIMIT_QUERY: '1000000',
    HNSW_EF_SEARCH: String(options.efSearch),
    ...extra,
  };
}

/** Splits n chunks between a large tenant and a small one that owns 1% of them. */
export function tenantSizes(chunks: number): { large: number; small: number } {
  const small = Math.max(1, Math.round(chunks * SMALL_TENANT_SHARE));

  return { large: chunks - small, small };
}

export async function seedSearchTenants(
  client: Client,
  chunks: number,
  vectorDimension: number,
  log: (message: string) => void,
): Promise<{ large: SeededTenant; small: SeededTenant; seeding: SeedingFigures }> {
  const sizes = tenantSizes(chunks);
  const embedder = new HashingEmbeddingProvider(vectorDimension);
  const large = await createTenantWithAdmin(client, 'bench-large');
  const small = await createTenantWithAdmin(client, 'bench-small');
  const started = performance.now();
  let embeddingMs = 0;
  const indexBuildMs = await withSearchIndexesRebuilt(client, async () => {
    for (const [tenant, count, seed] of [
      [large, sizes.large, LARGE_TENANT_SEED],
      [small, sizes.small, SMALL_TENANT_SEED],
    ] as const) {
      const timings = await seedDocuments(
        client,
        tenant.id,
        generateDocuments(seed, count),
        embedder,
        (written) => {
          if (written % 20_000 === 0) {
            log(`  seeded ${written} of ${count} chunks of ${tenant.slug}`);
          }
        },
      );
      embeddingMs += timings.embeddingMs;
    }
    log(
      `  seeded ${chunks} chunks in ${((performance.now() - started) / 1000).toFixed(1)} s; building the indexes`,
    );
  });

  return {
    large,
    small,
    seeding: { seedMs: performance.now() - started, embeddingMs, indexBuildMs },
  };
}

export async function measureStartup(api: ApiProcess): Promise<StartupFigures> {
  await new Promise((done) => setTimeout(done, IDLE_SETTLE_MS));

  return { startToReadyMs: api.startToReadyMs, idleRssMb: await residentMegabytes(api.pid) };
}

/**
 * Runs the PostgreSQL measurements at n chunks: seeds, starts the API from its build, then
 * measures search through the API and directly, recall, and ingestion.
 */
export async function runPostgresScenario(
  options: BenchOptions,
  chunks: number,
  queries: readonly PreparedQuery[],
  recallQueries: readonly PreparedQuery[],
  logFile: string,
  log: (message: string) => void,
  whileApiRuns?: (api: ApiProcess) => Promise<void>,
): Promise<PostgresRun> {
  log(`PostgreSQL, ${chunks} chunks: preparing database ${options.databaseName}`);
  const database = await prepareBenchDatabase(options.databaseName, options.vectorDimension);
  const owner = new Client({ connectionString: database.ownerUrl });
  await owner.connect();
  let seeded: Awaited<ReturnType<typeof seedSearchTenants>>;
  let apiIngestTenant: SeededTenant;
  let rawIngestTenant: SeededTenant;
  try {
    // The HNSW build keeps the whole graph in memory when maintenance_work_mem allows it.
    await owner.query(`SET maintenance_work_mem = '2GB'`);
    seeded = await seedSearchTenants(owner, chunks, options.vectorDimension, log);
    apiIngestTenant = await createTenantWithAdmin(owner, 'bench-ingest-api');
    rawIngestTenant = await createTenantWithAdmin(owner, 'bench-ingest-raw');
  } finally {
    await owner.end();
  }

  const api = await ApiProcess.start(
    apiEnvironment(options, { DATABASE_URL: database.appUrl }),
    logFile,
  );
  const pool = new Pool({ connectionString: database.appUrl, max: 10 });
  try {
    const startup = await measureStartup(api);
    log(
      `  API ready in ${startup.startToReadyMs.toFixed(0)} ms, idle RSS ${startup.idleRssMb.toFixed(0)} MB`,
    );
    const target = {
      baseUrl: api.baseUrl,
      pid: api.pid,
      token: await api.login(
        seeded.large.slug,
        seeded.large.adminEmail,
        seeded.large.adminPassword,
      ),
    };
    await whileApiRuns?.(api);
    const shape = { connections: options.connections, durationSeconds: options.durationSeconds };
    const apiFigures = await measureApiSearch(target, queries, shape, log);
    const raw = await measureRawSearch(
      { pool, tenantId: seeded.large.id, efSearch: options.efSearch },
      queries,
      shape,
      log,
    );

    const sizes = tenantSizes(chunks);
    const efValues = options.recallEfSearch;
    const recall = {
      large: {
        tenantChunks: sizes.large,
        byEfSearch: await measureRecall(
          database.appUrl,
          seeded.large.id,
          sizes.large,
          recallQueries,
          efValues,
        ),
      },
      small: {
        tenantChunks: sizes.small,
        byEfSearch: await measureRecall(
          database.appUrl,
          seeded.small.id,
          sizes.small,
          recallQueries,
          efValues,
        ),
      },
    };
    log(
      `  recall@10 at ef_search ${options.efSearch}: large tenant ${configuredRecall(recall.large, options.efSearch).recallAt10.toFixed(3)}, small tenant ${configuredRecall(recall.small, options.efSearch).recallAt10.toFixed(3)}`,
    );

    const ingestion = await measureIngestion(
      options,
      api,
      database.appUrl,
      apiIngestTenant,
      rawIngestTenant,
    );
    log(
      `  ingestion: ${ingestion.apiChunks} chunks through the API in ${ingestion.apiMs.toFixed(0)} ms, ${ingestion.rawChunks} written directly in ${ingestion.rawInsertMs.toFixed(0)} ms`,
    );

    return { chunks, seeding: seeded.seeding, startup, api: apiFigures, raw, recall, ingestion };
  } finally {
    await pool.end();
    await api.stop();
  }
}

/**
 * Uploads documents through the API, then writes other documents of the same size and shape
 * directly. The raw rows differ from the API's because inserting a vector the HNSW index already
 * contains costs less than half as much, which would flatter the baseline.
 */
async function measureIngestion(
  options: BenchOptions,
  api: ApiProcess,
  databaseUrl: string,
  apiTenant: SeededTenant,
  rawTenant: SeededTenant,
): Promise<IngestionResult> {
  const chunks = options.ingestDocuments * 50;
  const apiDocuments = generateDocuments(INGESTION_SEED, chunks);
  const rawDocuments = generateDocuments(RAW_INGESTION_SEED, chunks);
  const token = await api.login(apiTenant.slug, apiTenant.adminEmail, apiTenant.adminPassword);
  const throughApi = await ingestThroughApi(api.baseUrl, token, apiDocuments);
  const apiWork = await prepareDocuments(apiDocuments, options.vectorDimension);
  const apiChunks = apiWork.prepared.reduce((sum, document) => sum + document.chunks.length, 0);
  if (apiChunks !== throughApi.chunks) {
    throw new Error(
      `the API stored ${throughApi.chunks} chunks but the same documents chunk into ${apiChunks} here`,
    );
  }

  const raw = await prepareDocuments(rawDocuments, options.vectorDimension);
  const rawInsertMs = await ingestRaw(databaseUrl, rawTenant.id, raw.prepared);

  return {
    documents: apiDocuments.length,
    apiChunks,
    apiMs: throughApi.elapsedMs,
    chunkingMs: apiWork.chunkingMs,
    embeddingMs: apiWork.embeddingMs,
    rawChunks: raw.prepared.reduce((sum, document) => sum + document.chunks.length, 0),
    rawInsertMs,
  };
}
