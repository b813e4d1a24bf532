/** A chunk returned by one retriever, with that retriever's score (higher is better). */
export interface ChunkHit {
  chunkId: string;
  documentId: string;
  documentTitle: string;
  ordinal: number;
  headingPath: string[];
  content: string;
  /** Character offset of the chunk's first character in the document's normalised content. */
  startOffset: number;
  /** Character offset just past the chunk's last character in the document's content. */
  endOffset: number;
  score: number;
}

export const RETRIEVERS = ['vector', 'keyword'] as const;

export type Retriever = (typeof RETRIEVERS)[number];

export const SEARCH_MODES = ['hybrid', 'vector', 'keyword'] as const;

/** `hybrid` runs the vector and keyword retrievers and fuses their rankings. */
export type SearchMode = (typeof SEARCH_MODES)[number];
