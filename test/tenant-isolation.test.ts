import { DataSource } from 'typeorm';

import { APP_ROLE, TENANT_TABLES } from '@fisiorag/database';

import { type TestApp, type TestTenant, startTestApp, uploadText } from './support/test-app';

interface Passage {
  chunkId: string;
  documentId: string;
  content: string;
}

describe('tenant isolation', () => {
  let api: TestApp;
  let first: TestTenant;
  let second: TestTenant;
  let firstDocumentId: string;

  beforeAll(async () => {
    api = await startTestApp();
    first = await api.createTenant('iso-a');
    second = await api.createTenant('iso-b');
    firstDocumentId = (
      await uploadText(
        api,
        first.adminToken,
        'Protocollo riservato',
        '# Protocollo riservato\n\nIl protocollo Zafferano prevede crioterapia e bendaggio funzionale della caviglia.',
      )
    ).id;
    await uploadText(
      api,
      second.adminToken,
      'Materiale secondo ente',
      '# Lombalgia\n\nLa lombalgia cronica si tratta con esercizio terapeutico e educazione al dolore.',
    );
  });

  afterAll(async () => {
    await api.close();
  });

  function post(path: string, token: string, json: unknown) {
    return api.request(path, { method: 'POST', token, json });
  }

  it.each(['hybrid', 'vector', 'keyword'])(
    'never returns another tenant passage from /search (%s)',
    async (mode) => {
      const response = await post('/api/v1/search', second.adminToken, {
        query: 'protocollo Zafferano crioterapia bendaggio caviglia',
        mode,
        topK: 50,
      });
      const body = (await response.json()) as { passages: Passage[] };
      expect(response.status).toBe(200);
      expect(body.passages.every((passage) => passage.documentId !== firstDocumentId)).toBe(true);
      expect(JSON.stringify(body)).not.toContain('Zafferano');
    },
  );

  it.each(['hybrid', 'vector', 'keyword'])(
    'never cites another tenant from /query (%s)',
    async (mode) => {
      const response = await post('/api/v1/query', second.adminToken, {
        question: 'Che cosa prevede il protocollo Zafferano?',
        mode,
        topK: 50,
      });
      const body = (await response.json()) as {
        citations: { documentId: string }[];
        answer: string;
      };
      expect(response.status).toBe(200);
      expect(body.citations.every((citation) => citation.documentId !== firstDocumentId)).toBe(
        true,
      );
      expect(body.answer).not.toContain('Zafferano');
    },
  );

  it("returns 404 for another tenant's document id", async () => {
    const fetched = await api.request(`/api/v1/documents/${firstDocumentId}`, {
      token: second.adminToken,
    });
    expect(fetched.status).toBe(404);
    const deleted = await api.request(`/api/v1/documents/${firstDocumentId}`, {
      method: 'DELETE',
      token: second.adminToken,
    });
    expect(deleted.status).toBe(404);
    const stillThere = await api.request(`/api/v1/documents/${firstDocumentId}`, {
      token: first.adminToken,
    });
    expect(stillThere.status).toBe(200);
  });

  it('lists only the own tenant documents', async () => {
    const response = await api.request('/api/v1/documents', { token: second.adminToken });
    const body = (await response.json()) as { items: { id: string }[] };
    expect(body.items.map((item) => item.id)).not.toContain(firstDocumentId);
  });

  it('shows the app role no tenant row outside a tenant transaction', async () => {
    const runner = api.app.get(DataSource).createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SET ROLE ${APP_ROLE}`);
      for (const table of TENANT_TABLES) {
        const rows: { count: string }[] = await runner.query(
          `SELECT count(*) AS count FROM ${table}`,
        );
        expect({ table, count: Number(rows[0]?.count) }).toEqual({ table, count: 0 });
      }
      await runner.query(`SELECT set_config('app.current_tenant_id', '', false)`);
      const emptySetting: { count: string }[] = await runner.query(
        `SELECT count(*) AS count FROM documents`,
      );
      expect(Number(emptySetting[0]?.count)).toBe(0);
    } finally {
      await runner.query('RESET ROLE');
      await runner.query(`RESET app.current_tenant_id`);
      await runner.release();
    }
  });

  it('rejects a write with another tenant id under row-level security', async () => {
    const runner = api.app.get(DataSource).createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(
        `SELECT set_config('role', $1, true), set_config('app.current_tenant_id', $2, true)`,
        [APP_ROLE, second.id],
      );
      await expect(
        runner.query(
          `INSERT INTO documents (tenant_id, title, mime_type, content_sha256, content, char_count)
           VALUES ($1, 'x', 'text/plain', 'abc', 'x', 1)`,
          [first.id],
        ),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
