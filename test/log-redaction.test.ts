import { randomBytes, randomUUID } from 'node:crypto';

import {
  ApiProcess,
  type ApiProcessEnvironment,
  buildApi,
  prepareApiProcessEnvironment,
} from './support/api-process';

interface Session {
  accessToken: string;
  refreshToken?: string;
}

/** A request log line: pino-http's fields plus the ones the API adds. */
interface RequestLine {
  msg: string;
  requestId?: string;
  route?: string;
  tenantId?: string;
  userId?: string;
  responseTime?: number;
  req?: { id?: string; method?: string; url?: string };
  res?: { statusCode?: number };
}

describe('log redaction in a scripted session', () => {
  let build: Awaited<ReturnType<typeof buildApi>>;
  let setup: ApiProcessEnvironment;
  let api: ApiProcess;
  /** Every credential the session sends or receives; none may reach the log. */
  const secrets = new Map<string, string>();
  const uploadRequestId = `upload-${randomUUID()}`;

  async function call(
    path: string,
    init: {
      method?: string;
      token?: string;
      json?: unknown;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.token) {
      headers.set('authorization', `Bearer ${init.token}`);
    }
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
    }

    return fetch(`${api.baseUrl}${path}`, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
  }

  async function expectJson<T>(response: Response, status: number): Promise<T> {
    const text = await response.text();
    expect({ status: response.status, body: text }).toMatchObject({ status });

    return JSON.parse(text) as T;
  }

  beforeAll(async () => {
    build = await buildApi();
    setup = await prepareApiProcessEnvironment();
    // debug is the most verbose level the services use, so it exposes the most lines.
    api = await ApiProcess.start(build.mainJs, { ...setup.env, LOG_LEVEL: 'debug' });
    const { tenant } = setup;
    secrets.set('admin password', tenant.adminPassword);
    secrets.set('JWT secret', setup.env.JWT_SECRET_KEY as string);

    const session = await expectJson<Session>(
      await call('/api/v1/auth/login', {
        json: { tenant: tenant.slug, email: tenant.adminEmail, password: tenant.adminPassword },
      }),
      200,
    );
    secrets.set('access token', session.accessToken);
    secrets.set('refresh token', session.refreshToken as string);

    const wrongPassword = `Wrong-${randomBytes(9).toString('base64url')}`;
    secrets.set('wrong password', wrongPassword);
    await expectJson(
      await call('/api/v1/auth/login', {
        json: { tenant: tenant.slug, email: tenant.adminEmail, password: wrongPassword },
      }),
      401,
    );

    await expectJson(
      await call('/api/v1/documents', {
        token: session.accessToken,
        headers: { 'x-request-id': uploadRequestId },
        json: {
          title: 'Spalla dolorosa',
          text: '# Spalla dolorosa\n\nGli esercizi pendolari di Codman riducono il dolore di spalla.',
        },
      }),
      201,
    );
    for (const question of ['Cosa riduce il dolore di spalla?', 'Come si cura la gotta?']) {
      await expectJson(
        await call('/api/v1/query', { token: session.accessToken, json: { question } }),
        200,
      );
    }

    const created = await expectJson<{ code: string }>(
      await call('/api/v1/access-codes', {
        token: session.accessToken,
        json: {
          label: 'Corso di prova',
          maxUses: 5,
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      }),
      201,
    );
    secrets.set('access code', created.code);
    secrets.set('access code without hyphens', created.code.replace(/-/g, ''));
    const student = await expectJson<Session>(
      await call('/api/v1/auth/access-code', { json: { tenant: tenant.slug, code: created.code } }),
      200,
    );
    secrets.set('student token', student.accessToken);
    await expectJson(
      await call('/api/v1/query', {
        token: student.accessToken,
        json: { question: 'Quali esercizi per la spalla?' },
      }),
      200,
    );

    const refreshed = await expectJson<Session>(
      await call('/api/v1/auth/refresh', { json: { refreshToken: session.refreshToken } }),
      200,
    );
    secrets.set('rotated access token', refreshed.accessToken);
    secrets.set('rotated refresh token', refreshed.refreshToken as string);
    // Reusing the rotated token revokes the family, a path that logs a warning.
    await expectJson(
      await call('/api/v1/auth/refresh', { json: { refreshToken: session.refreshToken } }),
      401,
    );

    const cookie = randomBytes(16).toString('hex');
    const apiKey = randomBytes(16).toString('hex');
    const queryToken = randomBytes(16).toString('hex');
    secrets.set('cookie', cookie);
    secrets.set('API key', apiKey);
    secrets.set('token in a query string', queryToken);
    const forged = `${session.accessToken.slice(0, -4)}AAAA`;
    secrets.set('forged token', forged);
    await expectJson(
      await call(`/api/v1/documents?token=${queryToken}`, {
        token: forged,
        headers: { cookie: `session=${cookie}`, 'x-api-key': apiKey },
      }),
      401,
    );

    api.signal('SIGTERM');
    await api.exited;
  }, 240_000);

  afterAll(async () => {
    await api?.stop();
    await setup?.cleanup();
    await build?.cleanup();
  });

  it('writes no credential to the log', () => {
    const log = api.log;

    for (const [name, secret] of secrets) {
      expect({ name, found: log.includes(secret) }).toEqual({ name, found: false });
    }
  });

  it('logs one line per request', () => {
    const lines = api.logRecords() as unknown as RequestLine[];
    const completed = lines.filter((line) => line.msg === 'request completed');
    const upload = completed.find((line) => line.requestId === uploadRequestId);

    expect(upload).toMatchObject({
      requestId: uploadRequestId,
      route: '/api/v1/documents',
      tenantId: setup.tenant.id,
      req: { method: 'POST', url: '/api/v1/documents' },
      res: { statusCode: 201 },
    });
    expect(typeof upload?.userId).toBe('string');
    expect(typeof upload?.responseTime).toBe('number');
    expect(completed.filter((line) => line.requestId === uploadRequestId)).toHaveLength(1);
    const unauthorized = completed.find(
      (line) => line.req?.url === '/api/v1/documents' && line.res?.statusCode === 401,
    );
    expect(unauthorized?.req?.url).toBe('/api/v1/documents');
  });

  it('tags service lines with the request id', () => {
    const lines = api.logRecords() as unknown as (RequestLine & { context?: string })[];
    const ingestion = lines.find(
      (line) => line.context === 'DocumentsService' && line.msg.includes(' ready: '),
    );

    expect(ingestion?.requestId).toBe(uploadRequestId);
  });
});
