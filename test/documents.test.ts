import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { type TestApp, type TestTenant, startTestApp, uploadText } from './support/test-app';

const FIXTURES = join(__dirname, 'fixtures');

interface DocumentBody {
  id: string;
  title: string;
  status: string;
  chunkCount: number;
  charCount: number;
  created: boolean;
  sourceFilename: string | null;
  mimeType: string;
  content?: string;
}

describe('documents API', () => {
  let api: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    api = await startTestApp();
    tenant = await api.createTenant('docs');
  });

  afterAll(async () => {
    await api.close();
  });

  it('stores a JSON document as ready with chunks', async () => {
    const text = await readFile(join(FIXTURES, 'artrosi-ginocchio.md'), 'utf8');
    const response = await api.request('/api/v1/documents', {
      method: 'POST',
      token: tenant.adminToken,
      json: { title: 'Artrosi del ginocchio', text },
    });
    const body = (await response.json()) as DocumentBody;
    expect(response.status).toBe(201);
    expect(body.status).toBe('ready');
    expect(body.created).toBe(true);
    expect(body.chunkCount).toBeGreaterThan(0);
  });

  it('uploads a multipart Markdown file and takes the title from its heading', async () => {
    const form = new FormData();
    const bytes = await readFile(join(FIXTURES, 'impingement-spalla.md'));
    form.append('file', new Blob([bytes], { type: 'text/markdown' }), 'impingement-spalla.md');
    const response = await api.request('/api/v1/documents', {
      method: 'POST',
      token: tenant.adminToken,
      body: form,
    });
    const body = (await response.json()) as DocumentBody;
    expect(response.status).toBe(201);
    expect(body.title).toBe('Dolore di spalla da impingement subacromiale');
    expect(body.sourceFilename).toBe('impingement-spalla.md');
    expect(body.mimeType).toBe('text/markdown');
  });

  it('returns the existing document for identical normalised text', async () => {
    const first = await uploadText(
      api,
      tenant.adminToken,
      'Doppione',
      'Testo ripetuto\r\nsulla spalla.',
    );
    const response = await api.request('/api/v1/documents', {
      method: 'POST',
      token: tenant.adminToken,
      json: { title: 'Doppione bis', text: 'Testo ripetuto\nsulla spalla.\u200b' },
    });
    const body = (await response.json()) as DocumentBody;
    expect(response.status).toBe(200);
    expect(body.created).toBe(false);
    expect(body.id).toBe(first.id);
  });

  it('normalises text before storing it', async () => {
    const created = await uploadText(
      api,
      tenant.adminToken,
      'Normalizzazione',
      'Perche\u0301 \u200bla\r\nspalla\u0007 fa male',
    );
    const response = await api.request(`/api/v1/documents/${created.id}?includeContent=true`, {
      token: tenant.adminToken,
    });
    const body = (await response.json()) as DocumentBody;
    expect(body.content).toBe('Perché la\nspalla fa male');
  });

  it('stores concurrent identical uploads once, ready', async () => {
    const text = `# Concorrenza\n\n${'Il menisco mediale assorbe i carichi del ginocchio. '.repeat(60)}`;
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        api.request('/api/v1/documents', {
          method: 'POST',
          token: tenant.adminToken,
          json: { title: 'Concorrenza', text },
        }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    const bodies = (await Promise.all(
      responses.map((response) => response.json()),
    )) as DocumentBody[];
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.every((status) => status === 200 || status === 201)).toBe(true);
    expect(new Set(bodies.map((body) => body.id)).size).toBe(1);
    const stored = (await (
      await api.request(`/api/v1/documents/${bodies[0]?.id}`, { token: tenant.adminToken })
    ).json()) as DocumentBody;
    expect(stored.status).toBe('ready');
    expect(stored.chunkCount).toBeGreaterThan(0);
  });

  it('keeps emoji whole when a title is cut', async () => {
    const form = new FormData();
    form.append('file', new Blob(['# Piede\n\nIl piede piatto.']), 'piede.md');
    form.append('title', `a${'🦶'.repeat(299)}`);
    const response = await api.request('/api/v1/documents', {
      method: 'POST',
      token: tenant.adminToken,
      body: form,
    });
    const body = (await response.json()) as DocumentBody;
    expect(response.status).toBe(201);
    expect(body.title).toBe(`a${'🦶'.repeat(299)}`);
    expect(body.title).not.toContain('\uFFFD');
  });

  it('lists documents with pagination', async () => {
    const response = await api.request('/api/v1/documents?page=1&pageSize=2', {
      token: tenant.adminToken,
    });
    const body = (await response.json()) as {
      items: DocumentBody[];
      total: number;
      page: number;
      pageSize: number;
    };
    expect(response.status).toBe(200);
    expect(body.items).toHaveLength(2);
    expect(body.total).toBeGreaterThanOrEqual(4);
    expect(body.pageSize).toBe(2);
  });

  it('rejects a page size over 100', async () => {
    const response = await api.request('/api/v1/documents?pageSize=1000', {
      token: tenant.adminToken,
    });
    expect(response.status).toBe(400);
  });

  it('deletes a document and its passages', async () => {
    const created = await uploadText(
      api,
      tenant.adminToken,
      'Da cancellare',
      'Il tendine di Achille zebrato si cancella.',
    );
    const deleted = await api.request(`/api/v1/documents/${created.id}`, {
      method: 'DELETE',
      token: tenant.adminToken,
    });
    expect(deleted.status).toBe(204);
    const fetched = await api.request(`/api/v1/documents/${created.id}`, {
      token: tenant.adminToken,
    });
    expect(fetched.status).toBe(404);
    const search = await api.request('/api/v1/search', {
      method: 'POST',
      token: tenant.adminToken,
      json: { query: 'tendine Achille zebrato', mode: 'keyword' },
    });
    const hits = (await search.json()) as { passages: { documentId: string }[] };
    expect(hits.passages.map((hit) => hit.documentId)).not.toContain(created.id);
  });

  it('lets students read but not delete', async () => {
    const studentToken = await api.createUser(tenant, 'student');
    const created = await uploadText(
      api,
      tenant.adminToken,
      'Protetto',
      'Documento che uno studente non può cancellare.',
    );
    const list = await api.request('/api/v1/documents', { token: studentToken });
    expect(list.status).toBe(200);
    const deleted = await api.request(`/api/v1/documents/${created.id}`, {
      method: 'DELETE',
      token: studentToken,
    });
    expect(deleted.status).toBe(403);
  });
});
