import { OpenAIEmbeddings } from '@langchain/openai';

import { EmbeddingProvider } from './embedding.provider';

export interface OpenAiEmbeddingOptions {
  /** API root with the version path, such as `http://127.0.0.1:11434/v1`. Unset means OpenAI. */
  baseUrl?: string;
  /** Bearer token. Servers without authentication (Ollama, vLLM) accept any non-empty value. */
  apiKey: string;
  model: string;
  /** Vector width, sent as `dimensions` and checked on every returned vector. */
  dimension: number;
  /** Maximum number of texts per request; LangChain's default is 512. */
  batchSize?: number;
  /** Timeout of one HTTP request, in milliseconds. */
  timeoutMs?: number;
  /** Retries per request after a failure, with exponential backoff; LangChain's default is 6. */
  maxRetries?: number;
}

/**
 * Embedding adapter for any OpenAI-compatible `/embeddings` endpoint (OpenAI, Azure, Ollama,
 * vLLM), built on LangChain's OpenAIEmbeddings. Returned vectors are checked for width and
 * L2-normalised, so callers get the same contract as with the hashing adapter.
 */
export class OpenAiEmbeddingProvider extends EmbeddingProvider {
  readonly model: string;
  readonly dimension: number;
  private readonly client: OpenAIEmbeddings;

  constructor(options: OpenAiEmbeddingOptions) {
    super();
    validateOptions(options);
    this.model = options.model;
    this.dimension = options.dimension;

    // NOTE: with `dimensions` set, models without configurable width (text-embedding-ada-002,
    // many Ollama and vLLM models) may reject the request.
    this.client = new OpenAIEmbeddings({
      model: options.model,
      dimensions: options.dimension,
      apiKey: options.apiKey,
      batchSize: options.batchSize,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
      // Line breaks separate paragraphs and list items in chunks; current models do not need
      // them replaced, which LangChain does by default.
      stripNewLines: false,
      configuration: options.baseUrl === undefined ? {} : { baseURL: options.baseUrl },
    });
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) {
      return [];
    }

    // NOTE: LangChain (@langchain/openai 1.5) maps response items to inputs by position, not by
    // their `index` field, so a server must return them in input order, as OpenAI's does.
    const vectors = await this.client.embedDocuments(texts);
    if (vectors.length !== texts.length) {
      throw new Error(
        `Embedding model ${this.model} returned ${vectors.length} vectors ` +
          `for ${texts.length} texts.`,
      );
    }

    return vectors.map((vector) => this.toUnitVector(vector));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.toUnitVector(await this.client.embedQuery(text));
  }

  private toUnitVector(vector: ArrayLike<number>): number[] {
    if (vector.length !== this.dimension) {
      throw new Error(
        `Embedding model ${this.model} returned a vector of ${vector.length} dimensions, ` +
          `expected ${this.dimension}; set VECTOR_DIMENSION to the model's width or choose a ` +
          `model that supports ${this.dimension} dimensions.`,
      );
    }

    let sumOfSquares = 0;
    for (let index = 0; index < vector.length; index++) {
      sumOfSquares += vector[index] * vector[index];
    }
    const norm = Math.sqrt(sumOfSquares);
    if (!Number.isFinite(norm) || norm === 0) {
      throw new Error(
        `Embedding model ${this.model} returned a vector that cannot be normalised ` +
          `(L2 norm ${norm}).`,
      );
    }

    return Array.from(vector, (value) => value / norm);
  }
}

function validateOptions(options: OpenAiEmbeddingOptions): void {
  if (!Number.isInteger(options.dimension) || options.dimension <= 0) {
    throw new RangeError(
      `Invalid embedding dimension ${options.dimension}: expected a positive integer.`,
    );
  }
  if (options.apiKey === '') {
    throw new Error(
      'Missing embedding API key: set EMBEDDING_API_KEY, to any non-empty value for servers ' +
        'without authentication.',
    );
  }
  if (options.model === '') {
    throw new Error('Missing embedding model name: set EMBEDDING_MODEL.');
  }
  if (
    options.batchSize !== undefined &&
    (!Number.isInteger(options.batchSize) || options.batchSize <= 0)
  ) {
    throw new RangeError(
      `Invalid embedding batch size ${options.batchSize}: expected a positive integer.`,
    );
  }
}
