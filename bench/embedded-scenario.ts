import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client, Pool } from 'pg';

import { migrateDatabase } from '@fisiorag/database';

import { ApiProcess } from './api-process';
import { HelperProcess } from './child-process';
import type { LoadResult } from './load';
import type { BenchOptions } from './options';
import {
  apiEnvironment,
  measureStartup,
  type SeedingFigures,
  seedSearchTenants,
  type StartupFigures,
} from './postgres-scenario';
import { type ApiSearchFigures, measureApiSearch, measureRawSearch } from './search-benchmark';
import type { BenchSearchMode, PreparedQuery } from './search-workload';
import type { SeededTenant } from './seed';

export interface EmbeddedRun {
  chunks: number;
  seeding: SeedingFigures;
  startup: StartupFigures;
  api: ApiSearchFigures[];
  raw: Record<BenchSearchMode, LoadResult>;
}

// PGlite runs in WebAssembly with a smaller heap, so the HNSW build gets less memory.
const EMBEDDED_MAINTENANCE_WORK_MEM = '512MB';

/**
 * The embedded run: seeds a PGlite data directory served by a helper process and measures the
 * raw SQL there, then starts the API on the same directory (no DATABASE_URL) and measures it.
 */
export async function runEmbeddedScenario(
  options: BenchOptions,
  queries: readonly PreparedQuery[],
  logFile: string,
  log: (message: string) => void,
): Promise<EmbeddedRun> {
  const chunks = options.embeddedChunks;
  const dataDir = await mkdtemp(join(tmpdir(), 'fisiorag-bench-pglite-'));
  try {
    log(`embedded PGlite, ${chunks} chunks: seeding ${dataDir}`);
    const server = await HelperProcess.start<{ url: string }>('embedded-server', [
      dataDir,
      String(options.connections + 6),
    ]);
    let seeded: { large: SeededTenant; seeding: SeedingFigures };
    let raw: Record<BenchSearchMode, LoadResult>;
    try {
      await migrateDatabase({ url: server.ready.url, vectorDimension: options.vectorDimension });
      const client = new Client({ connectionString: server.ready.url });
      await client.connect();
      try {
        await client.query(`SET maintenance_work_mem = '${EMBEDDED_MAINTENANCE_WORK_MEM}'`);
        seeded = await seedSearchTenants(client, chunks, options.vectorDimension, log);
      } finally {
        await client.end();
      }
      const pool = new Pool({ connectionString: server.ready.url, max: 10 });
      try {
        raw = await measureRawSearch(
          { pool, tenantId: seeded.large.id, efSearch: options.efSearch },
          queries,
          options,
          log,
        );
      } finally {
        await pool.end();
      }
    } finally {
      await server.stop();
    }

    // Production mode requires DATABASE_URL, so the embedded API runs in development mode.
    const api = await ApiProcess.start(
      apiEnvironment(options, { APP_ENV: 'development', PGLITE_DATA_DIR: dataDir }),
      logFile,
    );
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
      const apiFigures = await measureApiSearch(target, queries, options, log);

      return { chunks, seeding: seeded.seeding, startup, api: apiFigures, raw };
    } finally {
      await api.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await rm(`${dataDir}.lock`, { force: true });
  }
}
