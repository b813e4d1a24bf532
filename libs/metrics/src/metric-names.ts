/** Names of the metrics FisioRAG publishes, each with the labels it carries. */
export const METRIC_NAMES = {
  /** Histogram by `method`, `route` (the route template, never the raw URL) and `status_code`. */
  httpRequestDuration: 'http_request_duration_seconds',
  /** Counter by `mode` and `outcome` (answered, out_of_context, error). */
  queries: 'fisiorag_queries_total',
  /** Histogram by `mode`. */
  queryDuration: 'fisiorag_query_duration_seconds',
  /** Gauge: distinct users with an authenticated request in the last 5 minutes, in this process. */
  activeUsers: 'fisiorag_active_users',
  /** Gauge by `state` (in_use, idle): connections of the database pool. */
  databaseConnections: 'fisiorag_db_connections',
  /** Counter by `outcome` (ready, failed): documents whose ingestion finished. */
  documents: 'fisiorag_documents_total',
  /** Counter: chunks written by finished ingestions. */
  chunks: 'fisiorag_chunks_total',
  /** Histogram by `outcome` (ready, failed): time from chunking to the final document status. */
  ingestionDuration: 'fisiorag_ingestion_duration_seconds',
} as const;

/**
 * Names kept for capabilities that FisioRAG does not have yet. None of them is registered or
 * published: each capability registers its metric under the name below when it ships, so
 * dashboards and alerts can be written against a stable name.
 *
 * A name ending in `_total` must be a counter, because `promtool check metrics` rejects a gauge
 * with that suffix.
 */
export const RESERVED_METRIC_NAMES = {
  /** Counter by `label`: knowledge-graph nodes written (Neo4j or PostgreSQL graph store). */
  knowledgeGraphNodes: 'fisiorag_kg_nodes_total',
  /** Gauge: hits / (hits + misses) of the answer and embedding cache (Redis or memory). */
  cacheHitRate: 'fisiorag_cache_hit_rate',
  /** Counter: cache lookups that found an entry. */
  cacheHits: 'fisiorag_cache_hits_total',
  /** Counter: cache lookups that found nothing. */
  cacheMisses: 'fisiorag_cache_misses_total',
  /** Gauge by `status` (pending, processing, ready, failed): queued ingestion jobs. */
  ingestionJobs: 'fisiorag_ingestion_jobs',
  /** Counter by `kind` (prompt, completion): tokens sent to and received from the LLM. */
  llmTokens: 'fisiorag_llm_tokens_total',
} as const;

/** Route label of a request that matched no route, so unknown URLs add no label values. */
export const UNMATCHED_ROUTE = 'unmatched';
