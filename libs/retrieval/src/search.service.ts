import { Injectable } from '@nestjs/common';

import type { Principal } from '@fisiorag/auth';
import { TenantDatabase } from '@fisiorag/database';
import { EmbeddingProvider, normalizeQuestion } from '@fisiorag/ingestion';

import type { ChunkHit, SearchMode } from './chunk-hit';
import { ChunkSearchRepository } from './chunk-search.repository';
import { type FusedHit, fuseRankings, type RankedList } from './fusion/reciprocal-rank-fusion';
import { buildKeywordQuery } from './keyword/build-keyword-query';
import { QueryEmbeddingCache } from './query-embedding-cache';

export const DEFAULT_TOP_K = 5;
export const MAX_TOP_K = 50;

// Each retriever returns at least this many hits, so fusion can promote a chunk that one retriever
// ranks low and the other high, and abstention measures how widely the question's words occur.
const MIN_CANDIDATES = 50;

const QUERY_EMBEDDING_CACHE_SIZE = 500;

export interface SearchRequest {
  query: string;
  mode?: SearchMode;
  topK?: number;
}

/** Durations of the retrieval stages in milliseconds, or 0 for a stage that did not run. */
export interface RetrievalTimings {
  embeddingMs: number;
  vectorMs: number;
  keywordMs: number;
  fusionMs: number;
}

export interface Retrieval {
  /** The normalised query text. */
  query: string;
  mode: SearchMode;
  /** The best `topK` chunks, best first. */
  passages: FusedHit[];
  /** Every fused chunk, best first. `passages` is its head. */
  candidates: FusedHit[];
  /** Cosine similarity of the nearest chunk, or null when the vector retriever did not run or found nothing. */
  bestVectorSimilarity: number | null;
  /** Number of keyword hits, or null when the keyword retriever did not run. */
  keywordHitCount: number | null;
  timings: RetrievalTimings;
}

/** A chunk in a search result. `score` is the fused score in hybrid mode, else the retriever's. */
export interface Passage extends ChunkHit {
  vectorScore: number | null;
  keywordScore: number | null;
}

export interface SearchResult {
  passages: Passage[];
  mode: SearchMode;
  timings: RetrievalTimings;
}

/** Finds the chunks of a tenant's ready documents that best match a query. */
@Injectable()
export class SearchService {
  private readonly embeddingCache = new QueryEmbeddingCache(QUERY_EMBEDDING_CACHE_SIZE);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly repository: ChunkSearchRepository,
    private readonly embeddings: EmbeddingProvider,
  ) {}

  async search(principal: Principal, request: SearchRequest): Promise<SearchResult> {
    const retrieval = await this.retrieve(principal, request);

    return {
      passages: retrieval.passages.map((fused) => toPassage(fused, retrieval.mode)),
      mode: retrieval.mode,
      timings: retrieval.timings,
    };
  }

  /**
   * Runs the retrievers of the mode in parallel and fuses their rankings. Each retriever runs
   * in its own tenant transaction: the embedded database serves one transaction at a time, so
   * starting one inside another would wait forever.
   */
  async retrieve(principal: Principal, request: SearchRequest): Promise<Retrieval> {
    const query = normalizeQuestion(request.query);
    const mode = request.mode ?? 'hybrid';
    const topK = Math.min(Math.max(request.topK ?? DEFAULT_TOP_K, 1), MAX_TOP_K);
    const perRetriever = Math.max(topK, MIN_CANDIDATES);
    const timings: RetrievalTimings = { embeddingMs: 0, vectorMs: 0, keywordMs: 0, fusionMs: 0 };

    const [vectorHits, keywordHits] = await Promise.all([
      mode === 'keyword'
        ? undefined
        : this.searchByVector(principal.tenantId, query, perRetriever, timings),
      mode === 'vector'
        ? undefined
        : this.searchByKeywords(principal.tenantId, query, perRetriever, timings),
    ]);

    const fusionStarted = performance.now();
    const lists: RankedList[] = [];
    if (vectorHits) {
      lists.push({ retriever: 'vector', hits: vectorHits });
    }
    if (keywordHits) {
      lists.push({ retriever: 'keyword', hits: keywordHits });
    }
    const candidates = fuseRankings(lists);
    timings.fusionMs = elapsedSince(fusionStarted);

    return {
      query,
      mode,
      passages: candidates.slice(0, topK),
      candidates,
      bestVectorSimilarity: vectorHits?.[0]?.score ?? null,
      keywordHitCount: keywordHits ? keywordHits.length : null,
      timings,
    };
  }

  private async searchByVector(
    tenantId: string,
    query: string,
    k: number,
    timings: RetrievalTimings,
  ): Promise<ChunkHit[]> {
    const embeddingStarted = performance.now();
    const vector = await this.embedQuery(tenantId, query);
    timings.embeddingMs = elapsedSince(embeddingStarted);

    const searchStarted = performance.now();
    const hits = await this.tenantDb.run(tenantId, (manager) =>
      this.repository.searchByVector(manager, vector, k),
    );
    timings.vectorMs = elapsedSince(searchStarted);

    return hits;
  }

  private async searchByKeywords(
    tenantId: string,
    query: string,
    k: number,
    timings: RetrievalTimings,
  ): Promise<ChunkHit[]> {
    const websearchQuery = buildKeywordQuery(query);
    if (websearchQuery === null) {
      return [];
    }

    const started = performance.now();
    const hits = await this.tenantDb.run(tenantId, (manager) =>
      this.repository.searchByKeywords(manager, websearchQuery, k),
    );
    timings.keywordMs = elapsedSince(started);

    return hits;
  }

  private async embedQuery(tenantId: string, query: string): Promise<readonly number[]> {
    const model = this.embeddings.model;
    const cached = this.embeddingCache.get(tenantId, model, query);
    if (cached) {
      return cached;
    }

    const vector = await this.embeddings.embedQuery(query);
    this.embeddingCache.set(tenantId, model, query, vector);

    return vector;
  }
}

function toPassage(fused: FusedHit, mode: SearchMode): Passage {
  return {
    ...fused.hit,
    score: mode === 'hybrid' ? fused.fusedScore : fused.hit.score,
    vectorScore: fused.scores.vector ?? null,
    keywordScore: fused.scores.keyword ?? null,
  };
}

/** Milliseconds since a `performance.now()` reading, to a tenth of a millisecond. */
export function elapsedSince(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
