import { randomUUID } from 'node:crypto';

import { ShutdownState } from '@fisiorag/health';

import {
  ApiProcess,
  type ApiProcessEnvironment,
  buildApi,
  prepareApiProcessEnvironment,
} from './support/api-process';
import { startTestApp } from './support/test-app';

const GRACE_MS = 10_000;
/** Load runs this long before SIGTERM, so requests of every kind are in flight when it arrives. */
const LOAD_BEFORE_SIGTERM_MS = 1500;
const QUERY_WORKERS = 8;
const UPLOAD_WORKERS = 3;

/** Failures that mean "the server was no longer accepting", allowed only after SIGTERM. */
const CONNECTION_CLOSED =
  /ECONNREFUSED|ECONNRESET|EPIPE|other side closed|socket hang up|UND_ERR_SOCKET/;

interface RequestRecord {
  kind: 'query' | 'upload';
  startedAt: number;
  endedAt: number;
  status?: number;
  error?: string;
  documentId?: string;
}

/** About 20 kB of distinct Italian-looking text (about 40 chunks), so an upload takes a while. */
function largeDocument(): string {
  const words = [
    'ginocchio',
    'spalla',
    'tendine',
    'carico',
    'esercizio',
    'dolore',
    'riabilitazione',
  ];
  const paragraphs: string[] = [];
  for (let index = 0; index < 40; index += 1) {
    const sentence = Array.from(
      { length: 60 },
      (_, position) => words[(index * 7 + position * 3) % words.length],
    ).join(' ');
    paragraphs.push(`## Sezione ${index} ${randomUUID()}\n\n${sentence}.`);
  }

  return paragraphs.join('\n\n');
}

function errorText(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;

  return [String(error), cause?.code, cause?.message].filter(Boolean).join(' ');
}

describe('graceful shutdown of the API process', () => {
  let build: Awaited<ReturnType<typeof buildApi>>;
  let setup: ApiProcessEnvironment;
  let api: ApiProcess | undefined;

  beforeAll(async () => {
    build = await buildApi();
    setup = await prepareApiProcessEnvironment({ SHUTDOWN_GRACE_MS: String(GRACE_MS) });
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await setup?.cleanup();
    await build?.cleanup();
  });

  it('drains in-flight requests on SIGTERM', async () => {
    const running = await ApiProcess.start(build.mainJs, { ...setup.env, LOG_LEVEL: 'info' });
    api = running;
    const token = setup.tenant.adminToken;
    const seed = await fetch(`${running.baseUrl}/api/v1/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Ginocchio', text: largeDocument() }),
    });
    expect(seed.status).toBe(201);

    const records: RequestRecord[] = [];
    let stopped = false;
    const send = async (kind: RequestRecord['kind']): Promise<void> => {
      const record: RequestRecord = { kind, startedAt: Date.now(), endedAt: 0 };
      try {
        const response = await fetch(
          `${running.baseUrl}/api/v1/${kind === 'query' ? 'query' : 'documents'}`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(
              kind === 'query'
                ? { question: 'Quale esercizio di carico per il tendine del ginocchio?' }
                : { title: `Carico ${randomUUID()}`, text: largeDocument() },
            ),
          },
        );
        record.status = response.status;
        const body = (await response.json()) as { id?: string };
        record.documentId = kind === 'upload' ? body.id : undefined;
      } catch (error) {
        record.error = errorText(error);
        stopped = true;
      }
      record.endedAt = Date.now();
      records.push(record);
    };
    const worker = async (kind: RequestRecord['kind']) => {
      while (!stopped) {
        await send(kind);
      }
    };
    const workers = [
      ...Array.from({ length: QUERY_WORKERS }, () => worker('query')),
      ...Array.from({ length: UPLOAD_WORKERS }, () => worker('upload')),
    ];

    await new Promise((done) => setTimeout(done, LOAD_BEFORE_SIGTERM_MS));
    const sigtermAt = Date.now();
    running.signal('SIGTERM');
    const exit = await running.exited;
    stopped = true;
    await Promise.all(workers);

    if (exit.code !== 0) {
      throw new Error(
        `the API exited with ${exit.code ?? exit.signal}; its output:\n${running.log.slice(-4000)}`,
      );
    }
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - sigtermAt).toBeLessThan(GRACE_MS);

    const sentBefore = records.filter((record) => record.startedAt < sigtermAt);
    const inFlight = sentBefore.filter((record) => record.endedAt >= sigtermAt);
    const failedBefore = sentBefore.filter(
      (record) => record.status === undefined || record.status >= 300,
    );
    process.stdout.write(
      `shutdown under load: ${records.length} requests, ${sentBefore.length} sent before SIGTERM, ` +
        `${inFlight.length} in flight at SIGTERM (${inFlight.filter((record) => record.kind === 'upload').length} uploads), ` +
        `exit ${exit.at - sigtermAt} ms after SIGTERM\n`,
    );
    expect(inFlight.length).toBeGreaterThan(0);
    expect(failedBefore).toEqual([]);
    for (const record of records.filter((candidate) => candidate.startedAt >= sigtermAt)) {
      // Served, or refused at the socket; never an error response.
      if (record.status !== undefined) {
        expect(record.status).toBeLessThan(300);
      } else {
        expect(record.error).toMatch(CONNECTION_CLOSED);
      }
    }
    expect(running.log).toContain('shutdown complete');

    // The uploads answered during the drain are stored whole: the database closed cleanly.
    const uploaded = records.filter((record) => record.kind === 'upload' && record.status === 201);
    const reopened = await startTestApp(setup.env);
    try {
      for (const record of uploaded) {
        const response = await reopened.request(`/api/v1/documents/${record.documentId}`, {
          token: setup.tenant.adminToken,
        });
        expect(response.status).toBe(200);
        expect(((await response.json()) as { status: string }).status).toBe('ready');
      }
    } finally {
      await reopened.close();
    }
  }, 120_000);
});

describe('readiness during shutdown', () => {
  it('fails readiness once shutdown starts', async () => {
    const api = await startTestApp();
    try {
      expect((await api.request('/health/ready')).status).toBe(200);

      api.app.get(ShutdownState).markShuttingDown();

      const ready = await api.request('/health/ready');
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'shutting_down' });
      expect((await api.request('/health/live')).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});
