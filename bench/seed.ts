import { createHash, randomBytes, randomUUID } from 'node:crypto';

import * as argon2 from 'argon2';
import type { Client } from 'pg';

import type { EmbeddingProvider } from '@fisiorag/ingestion';

import { embeddingInput, type GeneratedDocument, toMarkdown } from './corpus-generator';

/** Rows per multi-row INSERT: 10 parameters per chunk row stays far below PostgreSQL's 65535. */
const INSERT_BATCH_ROWS = 250;

export interface SeededTenant {
  id: string;
  slug: string;
  adminEmail: string;
  adminPassword: string;
}

export interface SeedTimings {
  /** Chunk rows written. */
  chunks: number;
  /** Time spent computing embeddings in this process, in milliseconds. */
  embeddingMs: number;
  /** Wall time of the whole seeding, embeddings included, in milliseconds. */
  totalMs: number;
}

/**
 * Runs work in a transaction whose row-level security context is the tenant, as the tenant unit
 * of work does, optionally as another role (the unit of work uses fisiorag_app). The owner role
 * is subject to the policies too, because the tables FORCE them.
 */
export async function inTenantTransaction<T>(
  client: Client,
  tenantId: string,
  work: () => Promise<T>,
  role?: string,
): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT set_config('app.current_tenant_id', $1, true)`, [tenantId]);
    if (role) {
      await client.query(`SELECT set_config('role', $1, true)`, [role]);
    }
    const result = await work();
    await client.query('COMMIT');

    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** Inserts a tenant and an admin with a random password, which the API's login then verifies. */
export async function createTenantWithAdmin(client: Client, prefix: string): Promise<SeededTenant> {
  const id = randomUUID();
  const slug = `${prefix}-${id.slice(0, 8)}`;
  const adminEmail = `admin@${slug}.example`;
  const adminPassword = randomBytes(12).toString('base64url');
  const passwordHash = await argon2.hash(adminPassword, { type: argon2.argon2id });
  await inTenantTransaction(client, id, async () => {
    await client.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3)`, [
      id,
      slug,
      `Benchmark ${slug}`,
    ]);
    await client.query(
      `INSERT INTO users (tenant_id, email, password_hash, role) VALUES ($1, $2, $3, 'admin')`,
      [id, adminEmail, passwordHash],
    );
  });

  return { id, slug, adminEmail, adminPassword };
}

/** Encodes a vector in pgvector's binary format: dimension and a reserved int16, then float4s. */
export function toVectorBuffer(vector: readonly number[]): Buffer {
  const buffer = Buffer.allocUnsafe(4 + 4 * vector.length);
  buffer.writeInt16BE(vector.length, 0);
  buffer.writeInt16BE(0, 2);
  vector.forEach((value, index) => buffer.writeFloatBE(value, 4 + 4 * index));

  return buffer;
}

interface ChunkRow {
  documentId: string;
  ordinal: number;
  headingPath: string[];
  content: string;
  startOffset: number;
  embedding: Buffer;
}

async function insertDocuments(
  client: Client,
  tenantId: string,
  documents: readonly GeneratedDocument[],
  model: string,
): Promise<string[]> {
  const ids = documents.map(() => randomUUID());
  const markdown = documents.map((document) => toMarkdown(document));
  await client.query(
    `INSERT INTO documents (id, tenant_id, title, source_filename, mime_type, content_sha256,
                            content, char_count, chunk_count, status, embedding_model)
     SELECT id, $1, title, NULL, 'text/markdown', sha, content, length(content), chunk_count,
            'ready', $2
     FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[])
       AS d (id, title, sha, content, chunk_count)`,
    [
      tenantId,
      model,
      ids,
      documents.map((document) => document.title),
      markdown.map((text) => createHash('sha256').update(text, 'utf8').digest('hex')),
      markdown,
      documents.map((document) => document.chunks.length),
    ],
  );

  return ids;
}

function insertChunkRows(client: Client, tenantId: string, rows: ChunkRow[]): Promise<unknown> {
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const base = values.length;
    values.push(
      tenantId,
      row.documentId,
      row.ordinal,
      row.headingPath,
      row.headingPath.join(' › '),
      row.content,
      row.startOffset,
      row.startOffset + row.content.length,
      Math.ceil(row.content.length / 4),
      row.embedding,
    );
    const placeholders = Array.from({ length: 10 }, (_, column) => `$${base + column + 1}`);
    placeholders[9] = `${placeholders[9]}::vector`;

    return `(${placeholders.join(', ')})`;
  });

  return client.query(
    `INSERT INTO chunks (tenant_id, document_id, ordinal, heading_path, heading, content,
                         start_offset, end_offset, token_estimate, embedding)
     VALUES ${tuples.join(', ')}`,
    values,
  );
}

/**
 * Writes the documents and their chunks for one tenant with multi-row INSERTs, one transaction
 * per batch. Embedding the next batch overlaps with the database writing the previous one.
 */
export async function seedDocuments(
  client: Client,
  tenantId: string,
  documents: readonly GeneratedDocument[],
  embedder: EmbeddingProvider,
  onProgress?: (chunks: number) => void,
): Promise<SeedTimings> {
  const started = performance.now();
  let embeddingMs = 0;
  const documentIds = await inTenantTransaction(client, tenantId, () =>
    insertDocuments(client, tenantId, documents, embedder.model),
  );

  const pending: Omit<ChunkRow, 'embedding'>[] = [];
  documents.forEach((document, index) => {
    let offset = 0;
    for (const chunk of document.chunks) {
      pending.push({
        documentId: documentIds[index] as string,
        ordinal: chunk.ordinal,
        headingPath: chunk.headingPath,
        content: chunk.content,
        startOffset: offset,
      });
      offset += chunk.content.length + 1;
    }
  });

  let inFlight: Promise<unknown> = Promise.resolve();
  let written = 0;
  for (let start = 0; start < pending.length; start += INSERT_BATCH_ROWS) {
    const batch = pending.slice(start, start + INSERT_BATCH_ROWS);
    const embeddingStarted = performance.now();
    const vectors = await embedder.embedDocuments(
      batch.map((row) => embeddingInput({ ...row, headingPath: row.headingPath })),
    );
    const rows = batch.map((row, index) => ({
      ...row,
      embedding: toVectorBuffer(vectors[index] as number[]),
    }));
    embeddingMs += performance.now() - embeddingStarted;
    await inFlight;
    written += batch.length;
    onProgress?.(written);
    inFlight = inTenantTransaction(client, tenantId, () => insertChunkRows(client, tenantId, rows));
  }
  await inFlight;

  return { chunks: pending.length, embeddingMs, totalMs: performance.now() - started };
}

/**
 * Drops the HNSW and GIN indexes of `chunks` while `work` bulk-loads rows, then recreates them
 * from their saved definitions: building an index once is much faster than growing it row by row.
 * Returns the build time of each index in milliseconds.
 */
export async function withSearchIndexesRebuilt(
  client: Client,
  work: () => Promise<void>,
): Promise<Record<string, number>> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_am am ON am.oid = i.relam
     WHERE x.indrelid = 'chunks'::regclass AND am.amname IN ('hnsw', 'gin')`,
  );
  for (const index of rows) {
    await client.query(`DROP INDEX ${client.escapeIdentifier(index.name)}`);
  }

  await work();

  const buildMs: Record<string, number> = {};
  for (const index of rows) {
    const started = performance.now();
    await client.query(index.definition);
    buildMs[index.name] = performance.now() - started;
  }
  await client.query('ANALYZE chunks, documents');

  return buildMs;
}
