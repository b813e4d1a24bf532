import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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

// Candidates the HNSW graph visits per query: at least pgvector's default of 40, and twice k so
// a larger topK still finds its neighbours.
const MIN_EF_SEARCH = 40;

// Upper bound of tuples one iterative index scan visits before it gives up (pgvector's default is
// 20000). A tenant with few chunks in an index shared with a large tenant needs a deep scan to
// find its k nearest rows after the row-level filter removes the other tenants'.
const MAX_SCAN_TUPLES = 200_000;

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
    await manager.query(
      `SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true),
              set_config('hnsw.ef_search', $1, true),
              set_config('hnsw.max_scan_tuples', $2, true)`,
      [String(Math.max(MIN_EF_SEARCH, 2 * k)), String(MAX_SCAN_TUPLES)],
    );

    // relaxed_order may return rows slightly out of order, so the outer query sorts again.
    const rows: ChunkHitRow[] = await manager.query(
      `WITH nearest AS MATERIALIZED (
         SELECT ${HIT_COLUMNS}, c.embedding <=> $1::vector AS distance
         FROM ${SEARCHABLE_CHUNKS}
         ORDER BY c.embedding <=> $1::vector
         LIMIT $2
       )
       SELECT *, 1 - distance AS score FROM nearest ORDER BY distance, id`,
      [literal, k],
    );
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
   */
  async searchByKeywords(
    manager: EntityManager,
    websearchQuery: string,
    k: number,
  ): Promise<ChunkHit[]> {
    const rows: ChunkHitRow[] = await manager.query(
      `WITH q AS (SELECT websearch_to_tsquery('fisiorag_italian', $1) AS query)
       SELECT ${HIT_COLUMNS}, ts_rank_cd(c.search_vector, q.query, 32) AS score
       FROM q, ${SEARCHABLE_CHUNKS} AND c.search_vector @@ q.query
       ORDER BY score DESC, c.id
       LIMIT $2`,
      [websearchQuery, k],
    );

    return rows.map(toHit);
  }

  // The "+ 0" turns the sort key into an expression the HNSW index cannot serve.
  private async searchByVectorExactly(
    manager: EntityManager,
    literal: string,
    k: number,
  ): Promise<ChunkHit[]> {
    const rows: ChunkHitRow[] = await manager.query(
      `SELECT ${HIT_COLUMNS}, 1 - (c.embedding <=> $1::vector) AS score
       FROM ${SEARCHABLE_CHUNKS}
       ORDER BY (c.embedding <=> $1::vector) + 0, c.id
       LIMIT $2`,
      [literal, k],
    );

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
