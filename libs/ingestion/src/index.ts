export { chunkDocument, type DocumentChunk } from './chunking/chunk-document';
export {
  DocumentsService,
  type DocumentInput,
  type IngestionResult,
} from './documents/documents.service';
export { createEmbeddingProvider, EmbeddingModule } from './embedding/embedding.module';
export { EmbeddingProvider } from './embedding/embedding.provider';
export { HashingEmbeddingProvider } from './embedding/hashing-embedding.provider';
export { IngestionModule } from './ingestion.module';
export { normalizeQuestion, normalizeText } from './text/normalize-text';
