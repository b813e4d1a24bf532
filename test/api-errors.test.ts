import { type TestApp, type TestTenant, startTestApp } from './support/test-app';

const PROBLEM_JSON = /^application\/problem\+json/;

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  errors?: { field: string; constraint: string; message: string }[];
}

describe('API error responses', () => {
  let api: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    api = await startTestApp({ MAX_UPLOAD_BYTES: '20000' });
    tenant = await api.createTenant('errors');
  });

  afterAll(async () => {
    await api.close();
  });

  async function expectProblem(response: Response, status: number, code: string): Promise<Problem> {
    const body = (await response.json()) as Problem;
    expect({ status: response.status, code: body.code }).toEqual({ status, code });
    expect(response.headers.get('content-type')).toMatch(PROBLEM_JSON);
    expect(body.status).toBe(status);
    expect(body.detail.length).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+|SELECT |postgres:\/\//);

    return body;
  }

  function query(json: unknown, headers: Record<string, string> = {}) {
    return api.request('/api/v1/query', {
      method: 'POST',
      token: tenant.adminToken,
      json,
      headers,
    });
  }

  it('rejects malformed JSON', async () => {
    const response = await api.request('/api/v1/query', {
      method: 'POST',
      token: tenant.adminToken,
      headers: { 'content-type': 'application/json' },
      body: '{"question": "dolore',
    });
    await expectProblem(response, 400, 'MALFORMED_JSON');
  });

  it('rejects a missing question', async () => {
    const body = await expectProblem(await query({}), 400, 'VALIDATION_FAILED');
    expect(body.errors?.map((error) => error.field)).toContain('question');
  });

  it('rejects an unknown field', async () => {
    const body = await expectProblem(
      await query({ question: 'dolore', tenant_id: 'x' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'tenant_id', constraint: 'whitelistValidation' }),
      ]),
    );
  });

  it.each([[''], ['   '], ['\u200b\u200b\n\t']])(
    'rejects the blank question %p',
    async (question) => {
      await expectProblem(await query({ question }), 400, 'VALIDATION_FAILED');
    },
  );

  it('rejects a question over 2000 characters', async () => {
    const body = await expectProblem(
      await query({ question: 'a'.repeat(2001) }),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.errors?.[0]?.constraint).toBe('maxLength');
    expect(body.errors?.[0]?.message).toContain('2000');
  });

  it.each([[0], [1000], [2.5], ['5']])('rejects topK %p', async (topK) => {
    await expectProblem(
      await query({ question: 'dolore al ginocchio', topK }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('rejects an unknown mode', async () => {
    await expectProblem(
      await query({ question: 'dolore', mode: 'psychic' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('localizes details by Accept-Language, Italian by default', async () => {
    const italian = await expectProblem(await query({ question: '' }), 400, 'VALIDATION_FAILED');
    const english = await expectProblem(
      await query({ question: '' }, { 'accept-language': 'en-GB,en;q=0.9' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(italian.detail).toContain('non validi');
    expect(english.detail).toContain('invalid');
    expect(italian.errors?.[0]?.message).not.toBe(english.errors?.[0]?.message);
  });

  it('rejects a JSON document over the size limit', async () => {
    const response = await api.request('/api/v1/documents', {
      method: 'POST',
      token: tenant.adminToken,
      json: { title: 'Troppo lungo', text: 'parola '.repeat(5000) },
    });
    await expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('rejects an uploaded file over the size limit', async () => {
    const form = new FormData();
    form.append('file', new Blob(['parola '.repeat(5000)], { type: 'text/markdown' }), 'grande.md');
    const response = await api.request('/api/v1/documents', {
      method: 'POST',
      token: tenant.adminToken,
      body: form,
    });
    await expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('rejects a binary file named .md', async () => {
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 1, 2,
      3,
    ]);
    const form = new FormData();
    form.append('file', new Blob([png]), 'immagine.md');
    const response = await api.request('/api/v1/documents', {
      method: 'POST',
      token: tenant.adminToken,
      body: form,
    });
    await expectProblem(response, 415, 'UNSUPPORTED_FILE_TYPE');
  });

  it('rejects an unsupported file extension', async () => {
    const form = new FormData();
    form.append('file', new Blob(['testo']), 'documento.exe');
    const response = await api.request('/api/v1/documents', {
      method: 'POST',
      token: tenant.adminToken,
      body: form,
    });
    await expectProblem(response, 415, 'UNSUPPORTED_FILE_TYPE');
  });

  it('rejects a multipart request without a file', async () => {
    const form = new FormData();
    form.append('title', 'Senza file');
    const response = await api.request('/api/v1/documents', {
      method: 'POST',
      token: tenant.adminToken,
      body: form,
    });
    await expectProblem(response, 400, 'FILE_MISSING');
  });

  it('rejects an unsupported content type', async () => {
    const response = await api.request('/api/v1/documents', {
      method: 'POST',
      token: tenant.adminToken,
      headers: { 'content-type': 'application/xml' },
      body: '<doc/>',
    });
    await expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('returns 404 for an unknown document id', async () => {
    const response = await api.request('/api/v1/documents/6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f', {
      token: tenant.adminToken,
    });
    await expectProblem(response, 404, 'DOCUMENT_NOT_FOUND');
  });

  it('rejects a malformed document id', async () => {
    const response = await api.request('/api/v1/documents/not-a-uuid', {
      token: tenant.adminToken,
    });
    await expectProblem(response, 400, 'VALIDATION_FAILED');
  });

  it('returns 404 problem details for an unknown route', async () => {
    await expectProblem(
      await api.request('/api/v1/nothing-here', { token: tenant.adminToken }),
      404,
      'ROUTE_NOT_FOUND',
    );
  });

  it('rejects a missing token', async () => {
    const response = await api.request('/api/v1/query', {
      method: 'POST',
      json: { question: 'dolore' },
    });
    await expectProblem(response, 401, 'UNAUTHENTICATED');
  });

  it.each([
    ['garbage', 'not.a.jwt'],
    ['tampered signature', 'TAMPER'],
  ])('rejects an invalid token (%s)', async (_case, token) => {
    const value = token === 'TAMPER' ? `${tenant.adminToken.slice(0, -4)}AAAA` : token;
    const response = await api.request('/api/v1/documents', { token: value });
    await expectProblem(response, 401, 'UNAUTHENTICATED');
  });

  it('rejects wrong credentials with one generic message', async () => {
    const wrongPassword = await api.request('/api/v1/auth/login', {
      method: 'POST',
      json: { tenant: tenant.slug, email: tenant.adminEmail, password: 'wrong-password' },
    });
    const unknownTenant = await api.request('/api/v1/auth/login', {
      method: 'POST',
      json: { tenant: 'no-such-tenant', email: tenant.adminEmail, password: 'wrong-password' },
    });
    const first = await expectProblem(wrongPassword, 401, 'INVALID_CREDENTIALS');
    const second = await expectProblem(unknownTenant, 401, 'INVALID_CREDENTIALS');
    expect(first.detail).toBe(second.detail);
  });

  it('forbids uploads by students', async () => {
    const studentToken = await api.createUser(tenant, 'student');
    const response = await api.request('/api/v1/documents', {
      method: 'POST',
      token: studentToken,
      json: { title: 'Appunti', text: 'Testo degli appunti.' },
    });
    await expectProblem(response, 403, 'FORBIDDEN');
  });

  it('rejects deeply nested JSON without a token', async () => {
    const nested = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const response = await api.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"tenant":"demo","email":"a@b.it","password":"x","extra":${nested}}`,
    });
    await expectProblem(response, 400, 'JSON_TOO_DEEP');
  });

  it.each([
    ['an escaped NUL', '{"title":"a\\u0000b","text":"testo"}'],
    ['a NUL in the login tenant', '{"tenant":"de\\u0000mo","email":"a@b.it","password":"x"}'],
  ])('rejects %s', async (_case, body) => {
    const response = await api.request('/api/v1/documents', {
      method: 'POST',
      token: tenant.adminToken,
      headers: { 'content-type': 'application/json' },
      body,
    });
    await expectProblem(response, 400, 'NUL_CHARACTER');
  });

  it('rejects a multipart body without a boundary', async () => {
    const response = await api.request('/api/v1/documents', {
      method: 'POST',
      token: tenant.adminToken,
      headers: { 'content-type': 'multipart/form-data' },
      body: 'garbage',
    });
    await expectProblem(response, 400, 'INVALID_UPLOAD');
  });

  it('rejects a truncated multipart body', async () => {
    const response = await api.request('/api/v1/documents', {
      method: 'POST',
      token: tenant.adminToken,
      headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.md"\r\n\r\nciao',
    });
    await expectProblem(response, 400, 'INVALID_UPLOAD');
  });

  it('rejects two files in one upload', async () => {
    const form = new FormData();
    form.append('file', new Blob(['uno']), 'uno.md');
    form.append('file', new Blob(['due']), 'due.md');
    const response = await api.request('/api/v1/documents', {
      method: 'POST',
      token: tenant.adminToken,
      body: form,
    });
    await expectProblem(response, 400, 'INVALID_UPLOAD');
  });

  it.each([
    ['/api/v1/documents', 'application/x-www-form-urlencoded', 'title=a&text=b'],
    ['/api/v1/query', 'text/plain', 'dolore al ginocchio'],
  ])('rejects the content type of %s %s', async (path, contentType, body) => {
    const response = await api.request(path, {
      method: 'POST',
      token: tenant.adminToken,
      headers: { 'content-type': contentType },
      body,
    });
    await expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects a hexadecimal page number', async () => {
    const response = await api.request('/api/v1/documents?page=0x10', { token: tenant.adminToken });
    await expectProblem(response, 400, 'VALIDATION_FAILED');
  });

  it('reports one rule per missing field', async () => {
    const body = await expectProblem(await query({}), 400, 'VALIDATION_FAILED');
    expect(body.errors?.filter((error) => error.field === 'question')).toHaveLength(1);
  });

  it('stays up after every bad request', async () => {
    const response = await api.request('/health/live');
    expect(response.status).toBe(200);
  });
});
