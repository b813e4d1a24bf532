import { Module } from '@nestjs/common';

import { DocumentsController } from './documents/documents.controller';
import { DocumentsRepository } from './documents/documents.repository';
import { DocumentsService } from './documents/documents.service';
import { EmbeddingModule } from './embedding/embedding.module';

@Module({
  imports: [EmbeddingModule],
  controllers: [DocumentsController],
  providers: [DocumentsRepository, DocumentsService],
  exports: [DocumentsService],
})
export class IngestionModule {}
