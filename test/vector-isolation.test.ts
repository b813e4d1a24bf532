import { TenantDatabase } from '@fisiorag/database';
import { EmbeddingProvider } from '@fisiorag/ingestion';

import {
  TEST_TARGET,
  type TestApp,
  type TestTenant,
  startTestApp,
  uploadText,
} from './support/test-app';

const LARGE_TENANT_CHUNKS = 20000;

// Builds a 20,000-chunk HNSW index; the PostgreSQL service suite runs it.
const describeOnPostgres = TEST_TARGET === 'postgres' ? describe : describe.skip;

describeOnPostgres('vector search for a small tenant beside a large one', () => {
  let api: TestApp;
  let small: TestTenant;
  const question = 'esercizi di rinforzo per il quadricipite dopo protesi di ginocchio';

  beforeAll(async () => {
    api = await startTestApp();
    small = await api.createTenant('small');
    const large = await api.createTenant('large');
    const smallText = Array.from(
      { length: 20 },
      (_, index) =>
        `## Sezione ${index + 1}\n\nArgomento ${index + 1}: ${['spalla', 'caviglia', 'colonna', 'polso'][index % 4]} e respirazione ${index}.`,
    ).join('\n\n');
    const document = await uploadText(api, small.adminToken, 'Piccolo ente', smallText);
    expect(document.chunkCount).toBeLessThanOrEqual(20);

    const queryVector = await api.app.get(EmbeddingProvider).embedQuery(question);
    const largeDocument = await uploadText(
      api,
      large.adminToken,
      'Grande ente',
      'Documento segnaposto del grande ente.',
    );
    await api.app.get(TenantDatabase).run(large.id, (manager) =>
      manager.query(
        `INSERT INTO chunks (tenant_id, document_id, ordinal, content, start_offset, end_offset, token_estimate, embedding)
         SELECT $1, $2, g + 1, 'quadricipite ' || g, 0, 10, 3,
                (SELECT array_agg(x + (random() - 0.5) * 0.002) FROM unnest($3::real[]) AS x WHERE g >= 0)::vector
           FROM generate_series(1, $4) AS g`,
        [large.id, largeDocument.id, queryVector, LARGE_TENANT_CHUNKS],
      ),
    );
  }, 600000);

  afterAll(async () => {
    await api?.close();
  });

  it.each([5, 20, 50])('returns min(k, own chunks) own hits for topK %d', async (topK) => {
    const ownChunks = (
      (await (await api.request('/api/v1/documents', { token: small.adminToken })).json()) as {
        items: { chunkCount: number }[];
      }
    ).items.reduce((sum, item) => sum + item.chunkCount, 0);
    const response = await api.request('/api/v1/search', {
      method: 'POST',
      token: small.adminToken,
      json: { query: question, mode: 'vector', topK },
    });
    const body = (await response.json()) as { passages: { content: string }[] };
    expect(response.status).toBe(200);
    expect(body.passages).toHaveLength(Math.min(topK, ownChunks));
    expect(body.passages.every((hit) => !hit.content.startsWith('quadricipite '))).toBe(true);
  });
});
