import { createHash, randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { APP_ROLE } from '@fisiorag/database';
import {
  chunkDocument,
  type DocumentChunk,
  HashingEmbeddingProvider,
  normalizeText,
} from '@fisiorag/ingestion';

import { CHUNK_WRITE_BATCH } from '../libs/ingestion/src/documents/documents.service';
import { type GeneratedDocument, toMarkdown } from './corpus-generator';
import { inTenantTransaction } from './seed';

// The API's defaults of CHUNK_SIZE and CHUNK_OVERLAP.
const CHUNKING = { chunkSize: 1000, chunkOverlap: 150 };

export interface IngestionResult {
  documents: number;
  /** Chunks the API stored. */
  apiChunks: number;
  /** Wall time of uploading every document through the API, one after the other. */
  apiMs: number;
  /** Time this process spends chunking the API's documents. */
  chunkingMs: number;
  /** Time this process spends embedding the API's chunks with the hashing provider. */
  embeddingMs: number;
  /** Chunks of the raw insert: other documents of the same size and shape. */
  rawChunks: number;
  /** Time of writing the raw chunks with batched multi-row INSERTs through `pg`. */
  rawInsertMs: number;
}

/** A document chunked and embedded in this process, ready to be written. */
export interface PreparedDocument {
  title: string;
  markdown: string;
  chunks: DocumentChunk[];
  vectors: number[][];
}

/** Uploads each document as JSON through POST /api/v1/documents and returns the chunk count. */
export async function ingestThroughApi(
  baseUrl: string,
  token: string,
  documents: readonly GeneratedDocument[],
): Promise<{ chunks: number; elapsedMs: number }> {
  const started = performance.now();
  let chunks = 0;
  for (const document of documents) {
    const response = await fetch(`${baseUrl}/api/v1/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ title: document.title, text: toMarkdown(document) }),
    });
    if (response.status !== 201) {
      throw new Error(
        `upload of "${document.title}" failed with ${response.status}: ${await response.text()}`,
      );
    }
    chunks += ((await response.json()) as { chunkCount: number }).chunkCount;
  }

  return { chunks, elapsedMs: performance.now() - started };
}

/** Chunks and embeds documents as the ingestion pipeline does, timing each step. */
export async function prepareDocuments(
  documents: readonly GeneratedDocument[],
  dimension: number,
): Promise<{ prepared: PreparedDocument[]; chunkingMs: number; embeddingMs: number }> {
  const embedder = new HashingEmbeddingProvider(dimension);
  const prepared: PreparedDocument[] = [];
  let chunkingMs = 0;
  let embeddingMs = 0;
  for (const document of documents) {
    const markdown = normalizeText(toMarkdown(document));
    const chunkingStarted = performance.now();
    const chunks = await chunkDocument(markdown, CHUNKING);
    chunkingMs += performance.now() - chunkingStarted;

    const embeddingStarted = performance.now();
    const vectors = await embedder.embedDocuments(
      chunks.map((chunk) =>
        chunk.headingPath.length > 0
          ? `${chunk.headingPath.join(' > ')}\n${chunk.text}`
          : chunk.text,
      ),
    );
    embeddingMs += performance.now() - embeddingStarted;
    prepared.push({ title: document.title, markdown, chunks, vectors });
  }

  return { prepared, chunkingMs, embeddingMs };
}

/** Inserts chunk rows the way the documents repository does: one multi-row INSERT per batch. */
async function insertChunkBatch(
  client: Client,
  tenantId: string,
  documentId: string,
  chunks: DocumentChunk[],
  vectors: number[][],
): Promise<void> {
  const values: unknown[] = [];
  const tuples = chunks.map((chunk, index) => {
    const base = values.length;
    values.push(
      tenantId,
      documentId,
      chunk.ordinal,
      chunk.headingPath,
      chunk.headingPath.join(' › '),
      chunk.text,
      chunk.startOffset,
      chunk.endOffset,
      `[${(vectors[index] as number[]).join(',')}]`,
      chunk.tokenEstimate,
    );
    const placeholders = Array.from({ length: 10 }, (_, column) => `$${base + column + 1}`);
    placeholders[8] = `${placeholders[8]}::vector`;

    return `(${placeholders.join(', ')})`;
  });
  await client.query(
    `INSERT INTO chunks (tenant_id, document_id, ordinal, heading_path, heading, content,
                         start_offset, end_offset, embedding, token_estimate)
     VALUES ${tuples.join(', ')}`,
    values,
  );
}

async function insertDocument(
  client: Client,
  tenantId: string,
  document: PreparedDocument,
): Promise<void> {
  const documentId = randomUUID();
  const sha256 = createHash('sha256').update(document.markdown).digest('hex');
  await inTenantTransaction(
    client,
    tenantId,
    () =>
      client.query(
        `INSERT INTO documents (id, tenant_id, title, mime_type, content_sha256, content,
                                char_count, status, embedding_model)
         VALUES ($1, $2, $3, 'text/markdown', $4, $5, $6, 'processing', 'hashing-v1')`,
        [documentId, tenantId, document.title, sha256, document.markdown, document.markdown.length],
      ),
    APP_ROLE,
  );
  for (let start = 0; start < document.chunks.length; start += CHUNK_WRITE_BATCH) {
    await inTenantTransaction(
      client,
      tenantId,
      () =>
        insertChunkBatch(
          client,
          tenantId,
          documentId,
          document.chunks.slice(start, start + CHUNK_WRITE_BATCH),
          document.vectors.slice(start, start + CHUNK_WRITE_BATCH),
        ),
      APP_ROLE,
    );
  }
  await inTenantTransaction(
    client,
    tenantId,
    () =>
      client.query(`UPDATE documents SET status = 'ready', chunk_count = $2 WHERE id = $1`, [
        documentId,
        document.chunks.length,
      ]),
    APP_ROLE,
  );
}

/**
 * Writes prepared documents directly, in the API's transactions and batches, and returns the
 * elapsed milliseconds: the baseline that API ingestion is compared with once embedding is left
 * out.
 */
export async function ingestRaw(
  databaseUrl: string,
  tenantId: string,
  documents: readonly PreparedDocument[],
): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const started = performance.now();
  try {
    for (const document of documents) {
      await insertDocument(client, tenantId, document);
    }

    return performance.now() - started;
  } finally {
    await client.end();
  }
}
