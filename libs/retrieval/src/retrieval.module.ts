import { Module } from '@nestjs/common';

import { ChunkSearchRepository } from './chunk-search.repository';
import { QueryService } from './query.service';
import { RetrievalController } from './retrieval.controller';
import { SearchService } from './search.service';

/** Search and question answering. TenantDatabase and EmbeddingProvider come from global modules. */
@Module({
  controllers: [RetrievalController],
  providers: [ChunkSearchRepository, SearchService, QueryService],
  exports: [SearchService, QueryService],
})
export class RetrievalModule {}
