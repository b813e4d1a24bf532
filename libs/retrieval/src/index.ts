export { OUT_OF_CONTEXT_MESSAGE } from './abstention/abstention';
export type { Citation } from './answer/extractive-answer';
export { SEARCH_MODES, type SearchMode } from './chunk-hit';
export { type QueryAnswer, type QueryRequest, QueryService } from './query.service';
export { RetrievalModule } from './retrieval.module';
export {
  DEFAULT_TOP_K,
  MAX_TOP_K,
  type Passage,
  type SearchRequest,
  type SearchResult,
  SearchService,
} from './search.service';
