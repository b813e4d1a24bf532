import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

import { OpenAiEmbeddingOptions, OpenAiEmbeddingProvider } from './openai-embedding.provider';

interface EmbeddingRequest {
  input: string | string[];
  model: string;
  dimensions?: number;
  encoding_format?: 'float' | 'base64';
}

interface ServerBehaviour {
  /** Vector width the server returns; the requested `dimensions` if unset. */
  dimension?: number;
  /** HTTP statuses to fail with, one per request, before responding normally. */
  failures?: number[];
  /** Delay before each response, in milliseconds. */
  delayMs?: number;
}

interface FakeServer {
  baseUrl: string;
  requests: { body: EmbeddingRequest; authorization?: string }[];
  close(): Promise<void>;
}

/** Deterministic, deliberately unnormalised vector for a text, so tests can predict results. */
function fakeVector(text: string, dimension: number): number[] {
  const seed = [...text].reduce((sum, character) => sum + (character.codePointAt(0) ?? 0), 0);

  return Array.from(
    { length: dimension },
    (_, index) => 3 * (((seed + 7 * index) % 13) - 6 + 0.25),
  );
}

function normalised(vector: number[]): number[] {
  const norm = Math.hypot(...vector);

  return vector.map((value) => value / norm);
}

function encodeEmbedding(
  vector: number[],
  format: EmbeddingRequest['encoding_format'],
): number[] | string {
  if (format === 'base64') {
    return Buffer.from(new Float32Array(vector).buffer).toString('base64');
  }

  return vector;
}

async function readJson(request: IncomingMessage): Promise<EmbeddingRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }

  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as EmbeddingRequest;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** Starts a server on a free loopback port that implements OpenAI's `POST /v1/embeddings`. */
async function startFakeServer(behaviour: ServerBehaviour = {}): Promise<FakeServer> {
  const requests: FakeServer['requests'] = [];
  const failures = [...(behaviour.failures ?? [])];
  const delays = new Set<NodeJS.Timeout>();
  const delay = (milliseconds: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        delays.delete(timer);
        resolve();
      }, milliseconds);
      delays.add(timer);
    });

  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'POST' || request.url !== '/v1/embeddings') {
        sendJson(response, 404, {
          error: { message: `No route ${request.method} ${request.url}` },
        });

        return;
      }

      const body = await readJson(request);
      requests.push({ body, authorization: request.headers.authorization });
      await delay(behaviour.delayMs ?? 0);

      const failure = failures.shift();
      if (failure !== undefined) {
        sendJson(response, failure, { error: { message: 'Fake failure', type: 'server_error' } });

        return;
      }

      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      const dimension = behaviour.dimension ?? body.dimensions ?? 8;
      sendJson(response, 200, {
        object: 'list',
        data: inputs.map((text, index) => ({
          object: 'embedding',
          index,
          embedding: encodeEmbedding(fakeVector(text, dimension), body.encoding_format),
        })),
        model: body.model,
        usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
      });
    })();
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: async () => {
      delays.forEach((timer) => clearTimeout(timer));
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

describe('OpenAiEmbeddingProvider', () => {
  let server: FakeServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function createProvider(
    behaviour: ServerBehaviour,
    options: Partial<OpenAiEmbeddingOptions> = {},
  ): Promise<OpenAiEmbeddingProvider> {
    server = await startFakeServer(behaviour);

    return new OpenAiEmbeddingProvider({
      baseUrl: server.baseUrl,
      apiKey: 'test-key',
      model: 'text-embedding-3-small',
      dimension: 8,
      maxRetries: 0,
      ...options,
    });
  }

  it('embeds a query as a unit vector', async () => {
    const provider = await createProvider({});

    const vector = await provider.embedQuery('dolore lombare');

    expect(vector).toHaveLength(8);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
    normalised(fakeVector('dolore lombare', 8)).forEach((value, index) =>
      expect(vector[index]).toBeCloseTo(value, 6),
    );
  });

  it('sends model, dimensions and API key', async () => {
    const provider = await createProvider({}, { dimension: 16 });

    await provider.embedQuery('spalla');

    expect(server?.requests).toHaveLength(1);
    expect(server?.requests[0].body.model).toBe('text-embedding-3-small');
    expect(server?.requests[0].body.dimensions).toBe(16);
    expect(server?.requests[0].authorization).toBe('Bearer test-key');
  });

  it('decodes base64 embeddings the client requests', async () => {
    const provider = await createProvider({});

    const [vector] = await provider.embedDocuments(['ginocchio']);

    expect(server?.requests[0].body.encoding_format).toBe('base64');
    expect(vector).toHaveLength(8);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
  });

  it('keeps line breaks in the input', async () => {
    const provider = await createProvider({});

    await provider.embedDocuments(['## Titolo\n\nparagrafo']);

    expect(server?.requests[0].body.input).toEqual(['## Titolo\n\nparagrafo']);
  });

  it('splits documents into batches in order', async () => {
    const provider = await createProvider({}, { batchSize: 2 });
    const texts = ['uno', 'due', 'tre', 'quattro', 'cinque'];

    const vectors = await provider.embedDocuments(texts);

    const batches = server?.requests.map((request) => request.body.input);
    expect(batches).toHaveLength(3);
    expect(batches?.flat().sort()).toEqual([...texts].sort());
    expect(batches?.map((batch) => batch.length).sort()).toEqual([1, 2, 2]);
    vectors.forEach((vector, position) => {
      const expected = normalised(fakeVector(texts[position], 8));
      expected.forEach((value, index) => expect(vector[index]).toBeCloseTo(value, 6));
    });
  });

  it('returns an empty list without a request', async () => {
    const provider = await createProvider({});

    await expect(provider.embedDocuments([])).resolves.toEqual([]);
    expect(server?.requests).toHaveLength(0);
  });

  it('rejects vectors of the wrong dimension', async () => {
    const provider = await createProvider({ dimension: 4 });

    await expect(provider.embedQuery('anca')).rejects.toThrow(
      'Embedding model text-embedding-3-small returned a vector of 4 dimensions, expected 8',
    );
    await expect(provider.embedDocuments(['anca'])).rejects.toThrow('of 4 dimensions, expected 8');
  });

  it('rejects when the server fails', async () => {
    const provider = await createProvider({ failures: [500] });

    await expect(provider.embedQuery('polso')).rejects.toMatchObject({ status: 500 });
    expect(server?.requests).toHaveLength(1);
  });

  it('retries a failed request', async () => {
    const provider = await createProvider({ failures: [503] }, { maxRetries: 1 });

    const vector = await provider.embedQuery('caviglia');

    expect(vector).toHaveLength(8);
    expect(server?.requests).toHaveLength(2);
  });

  it('rejects when the server times out', async () => {
    const provider = await createProvider({ delayMs: 5000 }, { timeoutMs: 100 });
    const started = Date.now();

    await expect(provider.embedQuery('gomito')).rejects.toThrow(Error);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each<[Partial<OpenAiEmbeddingOptions>, string]>([
    [{ dimension: 0 }, 'Invalid embedding dimension 0'],
    [{ apiKey: '' }, 'Missing embedding API key'],
    [{ model: '' }, 'Missing embedding model name'],
    [{ batchSize: 0 }, 'Invalid embedding batch size 0'],
  ])('rejects options %p', (options, message) => {
    const create = () =>
      new OpenAiEmbeddingProvider({ apiKey: 'key', model: 'model', dimension: 8, ...options });

    expect(create).toThrow(message);
  });
});
