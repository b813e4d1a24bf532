import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { queryRows } from '@fisiorag/database';

import type { DocumentChunk } from '../chunking/chunk-document';

export type DocumentStatus = 'pending' | 'processing' | 'ready' | 'failed';

export interface DocumentRecord {
  id: string;
  title: string;
  sourceFilename: string | null;
  mimeType: string;
  contentSha256: string;
  charCount: number;
  chunkCount: number;
  status: DocumentStatus;
  error: string | null;
  embeddingModel: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface DocumentRow {
  id: string;
  title: string;
  source_filename: string | null;
  mime_type: string;
  content_sha256: string;
  char_count: number;
  chunk_count: number;
  status: DocumentStatus;
  error: string | null;
  embedding_model: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, title, source_filename, mime_type, content_sha256, char_count, chunk_count,
  status, error, embedding_model, created_at, updated_at`;

function toRecord(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    title: row.title,
    sourceFilename: row.source_filename,
    mimeType: row.mime_type,
    contentSha256: row.content_sha256,
    charCount: row.char_count,
    chunkCount: row.chunk_count,
    status: row.status,
    error: row.error,
    embeddingModel: row.embedding_model,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewDocument {
  title: string;
  sourceFilename: string | null;
  mimeType: string;
  contentSha256: string;
  content: string;
  embeddingModel: string;
  createdBy: string;
}

/** SQL for `documents` and their `chunks`; always called inside a tenant unit of work. */
@Injectable()
export class DocumentsRepository {
  async findById(manager: EntityManager, id: string): Promise<DocumentRecord | undefined> {
    const rows = await queryRows<DocumentRow>(
      manager,
      `SELECT ${COLUMNS} FROM documents WHERE id = $1`,
      [id],
    );

    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /**
   * Reads a document with its normalised text in one statement, so a concurrent delete can
   * never leave the metadata without the text.
   */
  async findWithContent(
    manager: EntityManager,
    id: string,
  ): Promise<(DocumentRecord & { content: string }) | undefined> {
    const rows = await queryRows<DocumentRow & { content: string }>(
      manager,
      `SELECT ${COLUMNS}, content FROM documents WHERE id = $1`,
      [id],
    );

    return rows[0] ? { ...toRecord(rows[0]), content: rows[0].content } : undefined;
  }

  async findBySha256(manager: EntityManager, sha256: string): Promise<DocumentRecord | undefined> {
    const rows = await queryRows<DocumentRow>(
      manager,
      `SELECT ${COLUMNS} FROM documents WHERE content_sha256 = $1`,
      [sha256],
    );

    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async list(
    manager: EntityManager,
    page: { limit: number; offset: number },
  ): Promise<{ items: DocumentRecord[]; total: number }> {
    const rows = await queryRows<DocumentRow>(
      manager,
      `SELECT ${COLUMNS} FROM documents ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`,
      [page.limit, page.offset],
    );
    const counted = await queryRows<{ total: string }>(
      manager,
      `SELECT count(*) AS total FROM documents`,
    );

    return { items: rows.map(toRecord), total: Number(counted[0]?.total ?? 0) };
  }

  async insertProcessing(
    manager: EntityManager,
    tenantId: string,
    document: NewDocument,
  ): Promise<DocumentRecord> {
    const rows = await queryRows<DocumentRow>(
      manager,
      `INSERT INTO documents (tenant_id, title, source_filename, mime_type, content_sha256, content,
                              char_count, status, embedding_model, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'processing', $8, $9)
       RETURNING ${COLUMNS}`,
      [
        tenantId,
        document.title,
        document.sourceFilename,
        document.mimeType,
        document.contentSha256,
        document.content,
        document.content.length,
        document.embeddingModel,
        document.createdBy,
      ],
    );

    return toRecord(rows[0] as DocumentRow);
  }

  /** Inserts one batch of chunks with a single multi-row statement. */
  async insertChunks(
    manager: EntityManager,
    tenantId: string,
    documentId: string,
    chunks: DocumentChunk[],
    embeddings: number[][],
  ): Promise<void> {
    if (chunks.length === 0) {
      return;
    }
    const columns = 9;
    const values: unknown[] = [];
    const tuples = chunks.map((chunk, index) => {
      values.push(
        tenantId,
        documentId,
        chunk.ordinal,
        chunk.headingPath,
        chunk.headingPath.join(' › '),
        chunk.text,
        chunk.startOffset,
        chunk.endOffset,
        `[${(embeddings[index] as number[]).join(',')}]`,
      );
      const base = index * columns;
      const placeholders = Array.from({ length: columns }, (_, column) => `$${base + column + 1}`);
      placeholders[8] = `${placeholders[8]}::vector`;

      return `(${placeholders.join(', ')}, ${Math.max(1, Math.ceil(chunk.text.length / 4))})`;
    });
    await manager.query(
      `INSERT INTO chunks (tenant_id, document_id, ordinal, heading_path, heading, content,
                           start_offset, end_offset, embedding, token_estimate)
       VALUES ${tuples.join(', ')}`,
      values,
    );
  }

  async markReady(manager: EntityManager, id: string, chunkCount: number): Promise<DocumentRecord> {
    const rows = await queryRows<DocumentRow>(
      manager,
      `UPDATE documents SET status = 'ready', chunk_count = $2, error = NULL, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, chunkCount],
    );

    return toRecord(rows[0] as DocumentRow);
  }

  /** Marks a document failed and removes its chunks, so no half of it stays searchable. */
  async markFailed(manager: EntityManager, id: string, error: string): Promise<void> {
    await manager.query(`DELETE FROM chunks WHERE document_id = $1`, [id]);
    await manager.query(
      `UPDATE documents SET status = 'failed', chunk_count = 0, error = $2, updated_at = now() WHERE id = $1`,
      [id, error.slice(0, 2000)],
    );
  }

  /**
   * Takes over a failed document, or one whose processing stopped updating more than
   * `staleSeconds` ago; returns undefined when another request is processing it.
   */
  async claimForProcessing(
    manager: EntityManager,
    id: string,
    staleSeconds: number,
  ): Promise<DocumentRecord | undefined> {
    const rows = await queryRows<DocumentRow>(
      manager,
      `UPDATE documents SET status = 'processing', error = NULL, updated_at = now()
        WHERE id = $1
          AND (status = 'failed'
               OR (status IN ('pending', 'processing') AND updated_at < now() - make_interval(secs => $2)))
        RETURNING ${COLUMNS}`,
      [id, staleSeconds],
    );

    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async deleteChunks(manager: EntityManager, documentId: string): Promise<void> {
    await manager.query(`DELETE FROM chunks WHERE document_id = $1`, [documentId]);
  }

  async delete(manager: EntityManager, id: string): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `DELETE FROM documents WHERE id = $1 RETURNING id`,
      [id],
    );

    return rows.length > 0;
  }
}
