import { type TestApp, startTestApp } from './support/test-app';

describe('health probes and API documentation', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });

  afterAll(async () => {
    await api.close();
  });

  it('answers liveness without a token', async () => {
    const response = await api.request('/health/live');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('reports readiness from the database', async () => {
    const response = await api.request('/health/ready');
    const body = (await response.json()) as {
      status: string;
      info: Record<string, { status: string }>;
    };
    expect(response.status).toBe(200);
    expect(body.info.database?.status).toBe('up');
  });

  it('echoes a well-formed request id', async () => {
    const response = await api.request('/health/live', {
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
  });

  it('serves Swagger UI and an OpenAPI document with bearer auth', async () => {
    const ui = await api.request('/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
    const document = (await (await api.request('/docs-json')).json()) as {
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<
        string,
        Record<
          string,
          { summary?: string; operationId?: string; responses: Record<string, unknown> }
        >
      >;
    };
    expect(Object.keys(document.components.securitySchemes)).toContain('bearer');
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect({ path, method, summary: Boolean(operation.summary) }).toEqual({
          path,
          method,
          summary: true,
        });
        expect(operation.operationId).toBeTruthy();
      }
    }
    expect(document.paths['/api/v1/query']?.post?.responses).toHaveProperty('400');
    expect(document.paths['/api/v1/query']?.post?.responses).toHaveProperty('401');
  });
});
