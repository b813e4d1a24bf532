import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** One item of a Sentry envelope: its header and its JSON payload. */
export interface EnvelopeItem {
  header: { type?: string };
  payload: Record<string, unknown>;
}

/**
 * A loopback HTTP server that speaks Sentry's envelope ingestion protocol
 * (`POST /api/<project>/envelope/`, newline-separated JSON, optionally gzipped), so the real
 * @sentry/node transport runs against it. Keeps every envelope's raw text and parsed items.
 */
export class FakeSentry {
  readonly rawEnvelopes: string[] = [];
  readonly items: EnvelopeItem[] = [];

  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = (
        request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body
      ).toString('utf8');
      if (request.method === 'POST' && /^\/api\/\d+\/envelope\/?/.test(request.url ?? '')) {
        this.record(text);
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });

  private constructor() {}

  static async start(): Promise<FakeSentry> {
    const fake = new FakeSentry();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));

    return fake;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** DSN of project 1 with a made-up public key. */
  get dsn(): string {
    return `http://0123456789abcdef0123456789abcdef@127.0.0.1:${this.port}/1`;
  }

  /** Payloads of the `event` items, the captured errors. */
  events(): Record<string, unknown>[] {
    return this.items.filter((item) => item.header.type === 'event').map((item) => item.payload);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Records one envelope: a header line, then pairs of item header and payload lines. */
  private record(text: string): void {
    this.rawEnvelopes.push(text);
    const lines = text.split('\n').filter((line) => line.length > 0);
    for (let index = 1; index + 1 < lines.length; index += 2) {
      this.items.push({
        header: JSON.parse(lines[index] as string) as EnvelopeItem['header'],
        payload: JSON.parse(lines[index + 1] as string) as Record<string, unknown>,
      });
    }
  }
}
