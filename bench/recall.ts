import { Client } from 'pg';

import {
  EXACT_NEAREST_CHUNKS_SQL,
  NEAREST_CHUNKS_SQL,
  VECTOR_SEARCH_SETTINGS_SQL,
  vectorSearchSettings,
} from '../libs/retrieval/src/chunk-search.repository';
import type { PreparedQuery } from './search-workload';

const RECALL_K = 10;

// The vector retriever fetches this many candidates for a topK of 10; the first 10 are returned.
const CANDIDATES = 50;

export interface RecallResult {
  /** hnsw.ef_search of the HNSW searches. */
  efSearch: number;
  /** Mean share of the exact 10 nearest chunks that the HNSW search returns in its first 10. */
  recallAt10: number;
  /** Minimum and mean number of rows the HNSW search returned, of the CANDIDATES requested. */
  minRows: number;
  meanRows: number;
  /** Queries whose HNSW search returned fewer rows than the tenant has, up to CANDIDATES. */
  shortResults: number;
  queries: number;
}

async function tenantQuery(
  client: Client,
  tenantId: string,
  statements: (client: Client) => Promise<string[]>,
): Promise<string[]> {
  await client.query('BEGIN');
  try {
    await client.query(
      `SELECT set_config('role', 'fisiorag_app', true), set_config('app.current_tenant_id', $1, true)`,
      [tenantId],
    );

    return await statements(client);
  } finally {
    await client.query('ROLLBACK');
  }
}

function exactNearest(client: Client, tenantId: string, query: PreparedQuery): Promise<string[]> {
  return tenantQuery(client, tenantId, async () => {
    const { rows } = await client.query<{ id: string }>(EXACT_NEAREST_CHUNKS_SQL, [
      query.vectorLiteral,
      RECALL_K,
    ]);

    return rows.map((row) => row.id);
  });
}

function approximateNearest(
  client: Client,
  tenantId: string,
  query: PreparedQuery,
  efSearch: number,
): Promise<string[]> {
  return tenantQuery(client, tenantId, async () => {
    await client.query(VECTOR_SEARCH_SETTINGS_SQL, vectorSearchSettings(efSearch));
    const { rows } = await client.query<{ id: string }>(NEAREST_CHUNKS_SQL, [
      query.vectorLiteral,
      CANDIDATES,
    ]);

    return rows.map((row) => row.id);
  });
}

/**
 * Compares the search service's HNSW statement at each ef_search with an exact scan, inside the
 * tenant's row-level security context, so the filtered index scan is what is measured.
 */
export async function measureRecall(
  databaseUrl: string,
  tenantId: string,
  tenantChunks: number,
  queries: readonly PreparedQuery[],
  efSearchValues: readonly number[],
): Promise<RecallResult[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const exact: string[][] = [];
    for (const query of queries) {
      exact.push(await exactNearest(client, tenantId, query));
    }

    const results: RecallResult[] = [];
    for (const efSearch of efSearchValues) {
      let recallSum = 0;
      let rowsSum = 0;
      let minRows = Number.POSITIVE_INFINITY;
      let shortResults = 0;
      for (const [index, query] of queries.entries()) {
        const approximate = await approximateNearest(client, tenantId, query, efSearch);
        const returned = new Set(approximate.slice(0, RECALL_K));
        const truth = exact[index] as string[];
        recallSum +=
          truth.length === 0 ? 1 : truth.filter((id) => returned.has(id)).length / truth.length;
        rowsSum += approximate.length;
        minRows = Math.min(minRows, approximate.length);
        shortResults += approximate.length < Math.min(CANDIDATES, tenantChunks) ? 1 : 0;
      }
      results.push({
        efSearch,
        recallAt10: recallSum / queries.length,
        minRows,
        meanRows: rowsSum / queries.length,
        shortResults,
        queries: queries.length,
      });
    }

    return results;
  } finally {
    await client.end();
  }
}
