import { createHash } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';

import type { Principal } from '@fisiorag/auth';
import { DomainError, ErrorCode } from '@fisiorag/common';
import { AppConfig } from '@fisiorag/config';
import { TenantDatabase } from '@fisiorag/database';
import { BusinessMetrics } from '@fisiorag/metrics';

import { chunkDocument, type DocumentChunk } from '../chunking/chunk-document';
import { EmbeddingProvider } from '../embedding/embedding.provider';
import { normalizeText } from '../text/normalize-text';
import { type DocumentRecord, DocumentsRepository } from './documents.repository';
import { MAX_TITLE_LENGTH } from './dto/document.dto';

/** Chunks written per transaction: short transactions keep a large upload from stalling other requests. */
export const CHUNK_WRITE_BATCH = 64;

/** A document `processing` for longer than this was left by an interrupted request. */
const STALE_PROCESSING_SECONDS = 600;

const UNIQUE_VIOLATION = '23505';

export interface DocumentInput {
  title?: string;
  text: string;
  sourceFilename: string | null;
  mimeType: string;
}

export interface IngestionResult {
  document: DocumentRecord;
  created: boolean;
}

function firstHeading(text: string): string | undefined {
  return /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(text)?.[1]?.trim() || undefined;
}

/**
 * Stores documents synchronously: normalise, deduplicate by SHA-256 of the normalised text,
 * chunk, embed outside any transaction, write chunks in short batches, then mark `ready`.
 * Until then the document is `processing`, which retrieval ignores.
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly documents: DocumentsRepository,
    private readonly embedder: EmbeddingProvider,
    private readonly config: AppConfig,
    private readonly metrics: BusinessMetrics,
  ) {}

  async create(principal: Principal, input: DocumentInput): Promise<IngestionResult> {
    const content = normalizeText(input.text);
    if (content.length === 0) {
      throw new DomainError(ErrorCode.EmptyDocument);
    }
    if (Buffer.byteLength(content, 'utf8') > this.config.env.MAX_UPLOAD_BYTES) {
      throw new DomainError(ErrorCode.PayloadTooLarge, { limit: this.config.env.MAX_UPLOAD_BYTES });
    }
    const title = truncateCodePoints(
      input.title?.trim() || firstHeading(content) || input.sourceFilename || 'Documento',
      MAX_TITLE_LENGTH,
    );
    const contentSha256 = createHash('sha256').update(content, 'utf8').digest('hex');
    const { document, created, owner } = await this.claim(principal, {
      title,
      sourceFilename: input.sourceFilename,
      mimeType: input.mimeType,
      contentSha256,
      content,
      embeddingModel: this.embedder.model,
      createdBy: principal.userId,
    });
    if (!owner) {
      return { document, created };
    }

    return { document: await this.process(principal.tenantId, document, content), created };
  }

  async list(principal: Principal, page: number, pageSize: number) {
    return this.tenantDb.run(principal.tenantId, (manager) =>
      this.documents.list(manager, { limit: pageSize, offset: (page - 1) * pageSize }),
    );
  }

  async get(principal: Principal, id: string, includeContent: boolean) {
    const found = await this.tenantDb.run(principal.tenantId, (manager) =>
      includeContent
        ? this.documents.findWithContent(manager, id)
        : this.documents.findById(manager, id),
    );
    if (!found) {
      throw new DomainError(ErrorCode.DocumentNotFound, { id });
    }

    return found;
  }

  async delete(principal: Principal, id: string): Promise<void> {
    const deleted = await this.tenantDb.run(principal.tenantId, (manager) =>
      this.documents.delete(manager, id),
    );
    if (!deleted) {
      throw new DomainError(ErrorCode.DocumentNotFound, { id });
    }
    this.logger.log(
      `document ${id} of tenant ${principal.tenantId} deleted by user ${principal.userId}`,
    );
  }

  /**
   * Finds the document with the same normalised text or inserts it, and decides whether
   * this request processes it: a new document, a failed one, or one left `processing` by
   * an interrupted request. A document another request is processing right now is
   * returned as it is, so concurrent identical uploads never process it twice.
   */
  private async claim(
    principal: Principal,
    document: Parameters<DocumentsRepository['insertProcessing']>[2],
  ): Promise<IngestionResult & { owner: boolean }> {
    const attempt = () =>
      this.tenantDb.run(principal.tenantId, async (manager) => {
        const existing = await this.documents.findBySha256(manager, document.contentSha256);
        if (!existing) {
          const inserted = await this.documents.insertProcessing(
            manager,
            principal.tenantId,
            document,
          );

          return { document: inserted, created: true, owner: true };
        }
        const claimed =
          existing.status === 'ready'
            ? undefined
            : await this.documents.claimForProcessing(
                manager,
                existing.id,
                STALE_PROCESSING_SECONDS,
              );

        return { document: claimed ?? existing, created: false, owner: claimed !== undefined };
      });
    try {
      return await attempt();
    } catch (error) {
      // A concurrent upload of the same text won the unique (tenant_id, content_sha256) race.
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) {
        return attempt();
      }
      throw error;
    }
  }

  private async process(
    tenantId: string,
    document: DocumentRecord,
    content: string,
  ): Promise<DocumentRecord> {
    const started = Date.now();
    try {
      const chunks = await chunkDocument(content, {
        chunkSize: this.config.env.CHUNK_SIZE,
        chunkOverlap: this.config.env.CHUNK_OVERLAP,
      });
      const embeddings = await this.embedder.embedDocuments(
        chunks.map((chunk) => embeddingInput(chunk)),
      );
      await this.tenantDb.run(tenantId, (manager) =>
        this.documents.deleteChunks(manager, document.id),
      );
      for (let start = 0; start < chunks.length; start += CHUNK_WRITE_BATCH) {
        const batch = chunks.slice(start, start + CHUNK_WRITE_BATCH);
        const vectors = embeddings.slice(start, start + CHUNK_WRITE_BATCH);
        await this.tenantDb.run(tenantId, (manager) =>
          this.documents.insertChunks(manager, tenantId, document.id, batch, vectors),
        );
      }
      const ready = await this.tenantDb.run(tenantId, (manager) =>
        this.documents.markReady(manager, document.id, chunks.length),
      );
      this.logger.log(
        `document ${document.id} of tenant ${tenantId} ready: ${chunks.length} chunks in ${Date.now() - started} ms`,
      );
      this.metrics.recordIngestion('ready', (Date.now() - started) / 1000, chunks.length);

      return ready;
    } catch (error) {
      const message = describeFailure(error);
      this.logger.error(
        `document ${document.id} of tenant ${tenantId} failed: ${error instanceof Error ? error.message : String(error)}`,
        error instanceof Error ? error.stack : undefined,
      );
      this.metrics.recordIngestion('failed', (Date.now() - started) / 1000, 0);
      await this.tenantDb.run(tenantId, (manager) =>
        this.documents.markFailed(manager, document.id, message),
      );
      throw new DomainError(ErrorCode.ServiceUnavailable);
    }
  }
}

/** Cuts at a code point boundary, so a surrogate pair is never split. */
function truncateCodePoints(text: string, maxLength: number): string {
  const codePoints = Array.from(text);

  return codePoints.length > maxLength ? codePoints.slice(0, maxLength).join('') : text;
}

/** Describes a failure for the admins who read `error`; database details stay in the log. */
function describeFailure(error: unknown): string {
  if (error instanceof QueryFailedError) {
    return 'storing the passages failed; upload the document again';
  }

  return error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500);
}

/** Prefixes the heading path, which gives a chunk the topic its passage often omits. */
function embeddingInput(chunk: DocumentChunk): string {
  return chunk.headingPath.length > 0
    ? `${chunk.headingPath.join(' > ')}\n${chunk.text}`
    : chunk.text;
}
