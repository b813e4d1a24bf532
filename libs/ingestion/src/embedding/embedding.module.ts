import { Global, Module } from '@nestjs/common';

import { AppConfig, EmbeddingProviderName } from '@fisiorag/config';

import { EmbeddingProvider } from './embedding.provider';
import { HashingEmbeddingProvider } from './hashing-embedding.provider';
import { OpenAiEmbeddingProvider } from './openai-embedding.provider';

/** Selects the embedding adapter from EMBEDDING_PROVIDER and provides it app-wide. */
export function createEmbeddingProvider(config: AppConfig): EmbeddingProvider {
  const env = config.env;
  if (env.EMBEDDING_PROVIDER === EmbeddingProviderName.OpenAi) {
    if (!env.EMBEDDING_API_KEY && !env.EMBEDDING_BASE_URL) {
      throw new Error('EMBEDDING_PROVIDER=openai needs EMBEDDING_API_KEY or EMBEDDING_BASE_URL');
    }

    return new OpenAiEmbeddingProvider({
      baseUrl: env.EMBEDDING_BASE_URL,
      apiKey: env.EMBEDDING_API_KEY ?? 'not-needed',
      model: env.EMBEDDING_MODEL ?? 'text-embedding-3-small',
      dimension: env.VECTOR_DIMENSION,
    });
  }

  return new HashingEmbeddingProvider(env.VECTOR_DIMENSION);
}

@Global()
@Module({
  providers: [
    { provide: EmbeddingProvider, inject: [AppConfig], useFactory: createEmbeddingProvider },
  ],
  exports: [EmbeddingProvider],
})
export class EmbeddingModule {}
