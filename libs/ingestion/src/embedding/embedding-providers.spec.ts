import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import { EmbeddingProvider } from './embedding.provider';
import { HashingEmbeddingProvider } from './hashing-embedding.provider';
import { OpenAiEmbeddingProvider } from './openai-embedding.provider';

const DIMENSION = 32;

interface AdapterUnderTest {
  provider: EmbeddingProvider;
  stop(): Promise<void>;
}

/** Different texts get different, deliberately unnormalised vectors. */
function fakeVector(text: string, dimension: number): number[] {
  let seed = 2166136261;
  for (const character of text) {
    seed = Math.imul(seed ^ (character.codePointAt(0) ?? 0), 16777619) >>> 0;
  }

  return Array.from({ length: dimension }, (_, index) => ((seed >>> (index % 24)) % 97) - 48.5);
}

/**
 * Starts a loopback server for OpenAI's `POST /v1/embeddings`, with float or base64 encoding.
 * The OpenAI adapter's own spec has a fuller version with failures and delays.
 */
async function startFakeOpenAiServer(): Promise<{ baseUrl: string; server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        input: string | string[];
        model: string;
        dimensions?: number;
        encoding_format?: string;
      };
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      const data = inputs.map((text, index) => {
        const vector = fakeVector(text, body.dimensions ?? DIMENSION);
        const embedding =
          body.encoding_format === 'base64'
            ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
            : vector;

        return { object: 'embedding', index, embedding };
      });

      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ object: 'list', data, model: body.model, usage: {} }));
    });
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return { baseUrl: `http://127.0.0.1:${port}/v1`, server };
}

const adapters: [string, () => Promise<AdapterUnderTest>][] = [
  [
    'hashing',
    async () => ({ provider: new HashingEmbeddingProvider(DIMENSION), stop: async () => {} }),
  ],
  [
    'openai',
    async () => {
      const { baseUrl, server } = await startFakeOpenAiServer();
      const provider = new OpenAiEmbeddingProvider({
        baseUrl,
        apiKey: 'test-key',
        model: 'fake-embedding-model',
        dimension: DIMENSION,
        batchSize: 3,
        maxRetries: 0,
      });
      const stop = async () => {
        server.closeAllConnections();
        server.close();
        await once(server, 'close');
      };

      return { provider, stop };
    },
  ],
];

const TEXTS = [
  'Lombalgia aspecifica: esercizio terapeutico.',
  'Red flags: febbre, calo ponderale, trauma.',
  'Test di Lachman per il legamento crociato anteriore 🦵',
  'Perché la mobilità della spalla è già migliorata?',
  'Stretching of the hamstrings',
];

describe.each(adapters)('EmbeddingProvider contract: %s', (_name, start) => {
  let adapter: AdapterUnderTest;

  beforeAll(async () => {
    adapter = await start();
  });

  afterAll(async () => {
    await adapter.stop();
  });

  it('reports its dimension', () => {
    expect(adapter.provider.dimension).toBe(DIMENSION);
    expect(adapter.provider.model).not.toBe('');
  });

  it('returns query vectors of the dimension', async () => {
    const vector = await adapter.provider.embedQuery(TEXTS[0]);

    expect(vector).toHaveLength(DIMENSION);
    expect(vector.every(Number.isFinite)).toBe(true);
  });

  it('returns unit vectors', async () => {
    const vectors = await adapter.provider.embedDocuments(TEXTS);
    const query = await adapter.provider.embedQuery(TEXTS[1]);

    for (const vector of [...vectors, query]) {
      expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
    }
  });

  it('returns the same vector for the same input', async () => {
    const first = await adapter.provider.embedQuery(TEXTS[2]);
    const second = await adapter.provider.embedQuery(TEXTS[2]);
    const [asDocument] = await adapter.provider.embedDocuments([TEXTS[2]]);
    const [asDocumentAgain] = await adapter.provider.embedDocuments([TEXTS[2]]);

    expect(second).toEqual(first);
    expect(asDocumentAgain).toEqual(asDocument);
  });

  it('keeps the order of documents', async () => {
    const batch = await adapter.provider.embedDocuments(TEXTS);
    const oneByOne = await Promise.all(
      TEXTS.map(async (text) => (await adapter.provider.embedDocuments([text]))[0]),
    );

    expect(batch).toHaveLength(TEXTS.length);
    expect(batch).toEqual(oneByOne);
    expect(batch[0]).not.toEqual(batch[1]);
  });

  it('returns an empty list for no documents', async () => {
    await expect(adapter.provider.embedDocuments([])).resolves.toEqual([]);
  });
});
