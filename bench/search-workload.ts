import { Pool, type PoolClient } from 'pg';

import { HashingEmbeddingProvider, normalizeQuestion } from '@fisiorag/ingestion';

import {
  KEYWORD_SEARCH_SQL,
  NEAREST_CHUNKS_SQL,
  toVectorLiteral,
  VECTOR_SEARCH_SETTINGS_SQL,
  vectorSearchSettings,
} from '../libs/retrieval/src/chunk-search.repository';
import { buildKeywordQuery } from '../libs/retrieval/src/keyword/build-keyword-query';

export const SEARCH_MODES = ['vector', 'keyword', 'hybrid'] as const;
export type BenchSearchMode = (typeof SEARCH_MODES)[number];

/** Passages each benchmark search requests; each retriever fetches max(topK, 50) candidates. */
export const BENCH_TOP_K = 10;

// The search service's minimum number of candidates per retriever.
const CANDIDATES_PER_RETRIEVER = 50;

/** A benchmark question with the inputs each raw statement takes, computed once up front. */
export interface PreparedQuery {
  text: string;
  vectorLiteral: string;
  websearchQuery: string | null;
}

export function prepareQueries(
  questions: readonly string[],
  dimension: number,
): Promise<PreparedQuery[]> {
  const embedder = new HashingEmbeddingProvider(dimension);

  return Promise.all(
    questions.map(async (text) => {
      const normalized = normalizeQuestion(text);

      return {
        text,
        vectorLiteral: toVectorLiteral(await embedder.embedQuery(normalized)),
        websearchQuery: buildKeywordQuery(normalized),
      };
    }),
  );
}

/** Rotates through the queries, so every run sends the same sequence. */
export function rotate<T>(items: readonly T[]): () => T {
  let next = 0;

  return () => items[next++ % items.length] as T;
}

/**
 * Runs the search service's statements for one retriever directly through `pg`: the transaction
 * and tenant context of the unit of work, then the retriever's SQL.
 */
async function inTenantTransaction(
  pool: Pool,
  tenantId: string,
  work: (client: PoolClient) => Promise<unknown>,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `SELECT set_config('role', 'fisiorag_app', true), set_config('app.current_tenant_id', $1, true)`,
      [tenantId],
    );
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function rawVectorSearch(
  pool: Pool,
  tenantId: string,
  efSearch: number,
  query: PreparedQuery,
): Promise<void> {
  return inTenantTransaction(pool, tenantId, async (client) => {
    await client.query(VECTOR_SEARCH_SETTINGS_SQL, vectorSearchSettings(efSearch));
    await client.query(NEAREST_CHUNKS_SQL, [query.vectorLiteral, CANDIDATES_PER_RETRIEVER]);
  });
}

async function rawKeywordSearch(pool: Pool, tenantId: string, query: PreparedQuery): Promise<void> {
  if (query.websearchQuery === null) {
    return;
  }
  await inTenantTransaction(pool, tenantId, (client) =>
    client.query(KEYWORD_SEARCH_SQL, [query.websearchQuery, CANDIDATES_PER_RETRIEVER]),
  );
}

/** Target of the raw SQL: the pool, the tenant and the API's ef_search. */
export interface RawTarget {
  pool: Pool;
  tenantId: string;
  efSearch: number;
}

/** Returns the raw-SQL equivalent of one API search in the mode; hybrid runs both in parallel. */
export function rawSearch(
  target: RawTarget,
  mode: BenchSearchMode,
): (query: PreparedQuery) => Promise<void> {
  const { pool, tenantId, efSearch } = target;
  switch (mode) {
    case 'vector':
      return (query) => rawVectorSearch(pool, tenantId, efSearch, query);
    case 'keyword':
      return (query) => rawKeywordSearch(pool, tenantId, query);
    case 'hybrid':
      return async (query) => {
        await Promise.all([
          rawVectorSearch(pool, tenantId, efSearch, query),
          rawKeywordSearch(pool, tenantId, query),
        ]);
      };
  }
}
