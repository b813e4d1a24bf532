import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { type TestApp, type TestTenant, startTestApp, uploadText } from './support/test-app';

interface Citation {
  chunkId: string;
  documentId: string;
  title: string;
  quote: string;
  startOffset: number;
  endOffset: number;
  score: number;
}

interface QueryBody {
  answer: string;
  citations: Citation[];
  outOfContext: boolean;
  mode: string;
  timings: Record<string, number>;
}

describe('question answering', () => {
  let api: TestApp;
  let tenant: TestTenant;
  let kneeId: string;

  beforeAll(async () => {
    api = await startTestApp();
    tenant = await api.createTenant('query');
    const fixtures = join(__dirname, 'fixtures');
    kneeId = (
      await uploadText(
        api,
        tenant.adminToken,
        'Artrosi del ginocchio',
        await readFile(join(fixtures, 'artrosi-ginocchio.md'), 'utf8'),
      )
    ).id;
    await uploadText(
      api,
      tenant.adminToken,
      'Impingement',
      await readFile(join(fixtures, 'impingement-spalla.md'), 'utf8'),
    );
  });

  afterAll(async () => {
    await api.close();
  });

  async function ask(
    question: string,
    extra: Record<string, unknown> = {},
    language?: string,
  ): Promise<QueryBody> {
    const response = await api.request('/api/v1/query', {
      method: 'POST',
      token: tenant.adminToken,
      json: { question, ...extra },
      headers: language ? { 'accept-language': language } : {},
    });
    expect(response.status).toBe(200);

    return (await response.json()) as QueryBody;
  }

  it('answers with citations whose offsets point at the quoted text', async () => {
    const body = await ask(
      'Quante sedute di esercizio supervisionato si consigliano per la gonartrosi?',
    );
    expect(body.outOfContext).toBe(false);
    expect(body.mode).toBe('hybrid');
    expect(body.citations.length).toBeGreaterThan(0);
    expect(body.citations[0]?.documentId).toBe(kneeId);
    const document = (await (
      await api.request(`/api/v1/documents/${kneeId}?includeContent=true`, {
        token: tenant.adminToken,
      })
    ).json()) as { content: string };
    for (const citation of body.citations.filter((item) => item.documentId === kneeId)) {
      expect(document.content.slice(citation.startOffset, citation.endOffset)).toBe(citation.quote);
    }
    expect(body.answer).toContain('[1]');
    expect(body.citations.some((citation) => citation.quote.includes('12 sedute'))).toBe(true);
  });

  it.each(['vector', 'keyword', 'hybrid'])('answers in %s mode', async (mode) => {
    const body = await ask('Quali test riproducono il dolore da impingement della spalla?', {
      mode,
    });
    expect(body.mode).toBe(mode);
    expect(body.outOfContext).toBe(false);
    expect(body.citations[0]?.quote).toMatch(/Hawkins|Neer|dolore/);
  });

  it('reports timings per stage', async () => {
    const body = await ask('rigidità mattutina artrosi');
    expect(body.timings.totalMs).toBeGreaterThanOrEqual(0);
  });

  it('abstains on a question outside the material, in Italian by default', async () => {
    const body = await ask('Qual è la capitale della Mongolia e quanti abitanti ha?');
    expect(body.outOfContext).toBe(true);
    expect(body.citations).toEqual([]);
    expect(body.answer).toMatch(/materiale/i);
  });

  it('abstains in English when asked in English', async () => {
    const body = await ask('What is the best recipe for lasagne?', {}, 'en');
    expect(body.outOfContext).toBe(true);
    expect(body.answer).toMatch(/material/i);
  });

  it.each([
    ["Cos'è l'artrosi del ginocchio?"],
    ['Cos’è l’artrosi del ginocchio?'],
    ['ginocchio: & | ! ( ) <-> * \\ "'],
    ['il la di che e'],
    ['rigidita mattutina'],
    ['rigidità mattutina'],
    ['🦵 ginocchio 👍'],
  ])('survives hostile or unusual text %p', async (question) => {
    for (const mode of ['keyword', 'hybrid']) {
      const body = await ask(question, { mode });
      expect(Array.isArray(body.citations)).toBe(true);
    }
  });

  it('finds the same passage with and without accents', async () => {
    const search = async (query: string) => {
      const response = await api.request('/api/v1/search', {
        method: 'POST',
        token: tenant.adminToken,
        json: { query, mode: 'keyword' },
      });

      return ((await response.json()) as { passages: { chunkId: string }[] }).passages.map(
        (hit) => hit.chunkId,
      );
    };
    const withAccents = await search('rigidità');
    expect(withAccents.length).toBeGreaterThan(0);
    expect(await search('rigidita')).toEqual(withAccents);
  });
});
