import { Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { AppConfig } from '@fisiorag/config';

import type { ChunkHit } from './chunk-hit';

interface ChunkHitRow {
  id: string;
  document_id: string;
  title: string;
  ordinal: number;
  heading_path: string[];
  content: string;
  start_offset: number;
  end_offset: number;
  score: number | string;
}

const HIT_COLUMNS = `c.id, c.document_id, d.title, c.ordinal, c.heading_path, c.content,
  c.start_offset, c.end_offset`;

const SEARCHABLE_CHUNKS = `chunks c
  JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
  WHERE d.status = 'ready'`;

// Candidates the HNSW graph visits per query when HNSW_EF_SEARCH is not configured (unit tests).
// On 100,000 generated chunks with the hashing embedder, recall@10 against an exact scan was 0.78
// at 100, 0.92 at 400 and 0.97 at 1000, the maximum (`npm run bench`, see BENCHMARKS.md).
export const DEFAULT_EF_SEARCH = 400;

// Upper bound of tuples one iterative index scan visits before it gives up (pgvector's default is
// 20000). A tenant with few chunks in an index shared with a large tenant needs a deep scan to
// find its k nearest rows after the row-level filter removes the other tenants'.
const MAX_SCAN_TUPLES = 200_000;

// The statements below are exported so the benchmark can run the same SQL directly through `pg`.

/**
 * Settings of the iterative HNSW scan for one transaction; $1 = ef_search, $2 = max_scan_tuples.
 * The planner prices a sequential or bitmap scan plus sort below the HNSW scan for a tenant of
 * 10,000 chunks, because it ignores the cost of reading every TOASTed vector. That exact scan took
 * 300 ms against 30 ms through HNSW. Without those two plans the planner picks HNSW, or for a
 * tenant with few rows a b-tree scan of its rows and an exact sort, which is also fast.
 */
export const VECTOR_SEARCH_SETTINGS_SQL = `SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true),
        set_config('hnsw.ef_search', $1, true),
        set_config('hnsw.max_scan_tuples', $2, true),
        set_config('enable_seqscan', 'off', true),
        set_config('enable_bitmapscan', 'off', true)`;

/** Parameters of VECTOR_SEARCH_SETTINGS_SQL. */
export function vectorSearchSettings(efSearch: number): string[] {
  return [String(efSearch), String(MAX_SCAN_TUPLES)];
}

/**
 * The k nearest chunks through the HNSW index; $1 = vector literal, $2 = k. relaxed_order may
 * return rows slightly out of order, so the outer query sorts again.
 */
export const NEAREST_CHUNKS_SQL = `WITH nearest AS MATERIALIZED (
         SELECT ${HIT_COLUMNS}, c.embedding <=> $1::vector AS distance
         FROM ${SEARCHABLE_CHUNKS}
         ORDER BY c.embedding <=> $1::vector
         LIMIT $2
       )
       SELECT *, 1 - distance AS score FROM nearest ORDER BY distance, id`;

/** The exact k nearest chunks; the "+ 0" turns the sort key into an expression HNSW cannot serve. */
export const EXACT_NEAREST_CHUNKS_SQL = `SELECT ${HIT_COLUMNS}, 1 - (c.embedding <=> $1::vector) AS score
       FROM ${SEARCHABLE_CHUNKS}
       ORDER BY (c.embedding <=> $1::vector) + 0, c.id
       LIMIT $2`;

/** The k best keyword matches; $1 = websearch_to_tsquery input, $2 = k. */
export const KEYWORD_SEARCH_SQL = `WITH q AS (SELECT websearch_to_tsquery('fisiorag_italian', $1) AS query)
       SELECT ${HIT_COLUMNS}, ts_rank_cd(c.search_vector, q.query, 32) AS score
       FROM q, ${SEARCHABLE_CHUNKS} AND c.search_vector @@ q.query
       ORDER BY score DESC, c.id
       LIMIT $2`;

function toHit(row: ChunkHitRow): ChunkHit {
  return {
    chunkId: row.id,
    documentId: row.document_id,
    documentTitle: row.title,
    ordinal: row.ordinal,
    headingPath: row.heading_path,
    content: row.content,
    startOffset: row.start_offset,
    endOffset: row.end_offset,
    // A zero vector has no direction, so its cosine distance is NaN. Such a chunk ranks last.
    score: Number.isFinite(Number(row.score)) ? Number(row.score) : 0,
  };
}

/** Formats a vector as pgvector's text form, e.g. `[0.1,-0.2]`, and rejects NaN and infinities. */
export function toVectorLiteral(vector: readonly number[]): string {
  if (vector.length === 0 || !vector.every((value) => Number.isFinite(value))) {
    throw new RangeError('a query vector must be non-empty and contain only finite numbers');
  }

  return `[${vector.join(',')}]`;
}

/**
 * Vector and keyword search over the chunks of ready documents. Every method runs inside
 * `TenantDatabase.run`, whose row-level security limits the rows to the caller's tenant.
 */
@Injectable()
export class ChunkSearchRepository {
  private readonly efSearch: number;

  constructor(@Optional() config?: AppConfig) {
    this.efSearch = config?.env.HNSW_EF_SEARCH ?? DEFAULT_EF_SEARCH;
  }

  /**
   * Returns the k chunks nearest to the vector by cosine distance, score = 1 - distance.
   * The HNSW scan is iterative, so the row-level filter cannot leave a small tenant with fewer
   * than k rows. When it still does, an exact scan replaces it.
   */
  async searchByVector(
    manager: EntityManager,
    vector: readonly number[],
    k: number,
  ): Promise<ChunkHit[]> {
    const literal = toVectorLiteral(vector);
    await manager.query(VECTOR_SEARCH_SETTINGS_SQL, vectorSearchSettings(this.efSearch));
    const rows: ChunkHitRow[] = await manager.query(NEAREST_CHUNKS_SQL, [literal, k]);
    if (rows.length === k || rows.length === (await this.countSearchable(manager, k))) {
      return rows.map(toHit);
    }

    return this.searchByVectorExactly(manager, literal, k);
  }

  /**
   * Returns the k chunks that best match a `websearch_to_tsquery` input (see
   * `buildKeywordQuery`), ranked by cover density. Normalisation 32 maps the rank to
   * rank / (rank + 1), a score in [0, 1). No length normalisation is applied because the chunker
   * bounds every chunk's size.
   * NOTE: the OR query matches every chunk that shares one word with the question, and each
   * match is ranked: on 100,000 generated chunks that is about 80% of them and 1 to 3 s per
   * search on 2 vCPUs (`npm run bench`). Large tenants need fewer ranked candidates.
   */
  async searchByKeywords(
    manager: EntityManager,
    websearchQuery: string,
    k: number,
  ): Promise<ChunkHit[]> {
    const rows: ChunkHitRow[] = await manager.query(KEYWORD_SEARCH_SQL, [websearchQuery, k]);

    return rows.map(toHit);
  }

  private async searchByVectorExactly(
    manager: EntityManager,
    literal: string,
    k: number,
  ): Promise<ChunkHit[]> {
    const rows: ChunkHitRow[] = await manager.query(EXACT_NEAREST_CHUNKS_SQL, [literal, k]);

    return rows.map(toHit);
  }

  /** Counts the tenant's searchable chunks, stopping at `limit`. */
  private async countSearchable(manager: EntityManager, limit: number): Promise<number> {
    const rows: { count: number | string }[] = await manager.query(
      `SELECT count(*) AS count FROM (SELECT 1 FROM ${SEARCHABLE_CHUNKS} LIMIT $1) AS searchable`,
      [limit],
    );

    return Number(rows[0]?.count ?? 0);
  }
}
