/**
 * Port for turning text into dense vectors. Adapters: `hashing` (offline, deterministic)
 * and `openai` (any OpenAI-compatible endpoint). The abstract class is the DI token.
 */
export abstract class EmbeddingProvider {
  /** Identifier of the model, part of cache keys and stored with each document. */
  abstract readonly model: string;

  /** Width of every vector this provider returns; equals `VECTOR_DIMENSION`. */
  abstract readonly dimension: number;

  /** Embeds passages for storage; returns one L2-normalised vector per input, in order. */
  abstract embedDocuments(texts: string[]): Promise<number[][]>;

  /** Embeds a search query; returns an L2-normalised vector. */
  abstract embedQuery(text: string): Promise<number[]>;
}
