import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { type TestApp, startTestApp, uploadText } from './support/test-app';

/** The shared Italian evaluation set that CI places beside the clone; never copied here. */
const CORPUS_DIR = resolve(__dirname, '../../shared/corpus');

interface CorpusQuestion {
  id: string;
  question: string;
  language: 'it' | 'en';
  relevant: string[];
  type: 'lexical' | 'paraphrase' | 'multi_doc' | 'out_of_context';
}

const describeCorpus = existsSync(join(CORPUS_DIR, 'questions.json')) ? describe : describe.skip;
if (!existsSync(join(CORPUS_DIR, 'questions.json'))) {
  process.stdout.write(`corpus evaluation skipped: ${CORPUS_DIR} is absent\n`);
}

describeCorpus('corpus evaluation (hashing embedder)', () => {
  let api: TestApp;
  let token: string;
  const fileByDocumentId = new Map<string, string>();
  let questions: CorpusQuestion[];

  beforeAll(async () => {
    api = await startTestApp();
    token = (await api.createTenant('corpus')).adminToken;
    questions = JSON.parse(
      await readFile(join(CORPUS_DIR, 'questions.json'), 'utf8'),
    ) as CorpusQuestion[];
    for (const file of (await readdir(CORPUS_DIR)).filter((name) => name.endsWith('.md')).sort()) {
      const text = await readFile(join(CORPUS_DIR, file), 'utf8');
      const document = await uploadText(api, token, file, text);
      fileByDocumentId.set(document.id, file);
    }
  }, 300000);

  afterAll(async () => {
    await api?.close();
  });

  it('meets the retrieval and abstention targets', async () => {
    const perType = new Map<
      string,
      { count: number; recall1: number; recall5: number; reciprocalRank: number }
    >();
    let abstainedOutOfContext = 0;
    let abstainedAnswerable = 0;
    let outOfContextTotal = 0;
    for (const question of questions) {
      const headers = { 'accept-language': question.language };
      const search = await api.request('/api/v1/search', {
        method: 'POST',
        token,
        headers,
        json: { query: question.question, topK: 20 },
      });
      const hits = ((await search.json()) as { passages: { documentId: string }[] }).passages;
      const rankedFiles = [...new Set(hits.map((hit) => fileByDocumentId.get(hit.documentId)))];
      const query = await api.request('/api/v1/query', {
        method: 'POST',
        token,
        headers,
        json: { question: question.question },
      });
      const answer = (await query.json()) as { outOfContext: boolean };
      expect(query.status).toBe(200);

      if (question.type === 'out_of_context') {
        outOfContextTotal += 1;
        abstainedOutOfContext += answer.outOfContext ? 1 : 0;
        continue;
      }
      abstainedAnswerable += answer.outOfContext ? 1 : 0;
      const firstRelevant = rankedFiles.findIndex(
        (file) => file !== undefined && question.relevant.includes(file),
      );
      const stats = perType.get(question.type) ?? {
        count: 0,
        recall1: 0,
        recall5: 0,
        reciprocalRank: 0,
      };
      const top5 = rankedFiles.slice(0, 5);
      stats.count += 1;
      stats.recall1 +=
        question.relevant.filter((file) => rankedFiles[0] === file).length /
        question.relevant.length;
      stats.recall5 +=
        question.relevant.filter((file) => top5.includes(file)).length / question.relevant.length;
      stats.reciprocalRank += firstRelevant >= 0 ? 1 / (firstRelevant + 1) : 0;
      perType.set(question.type, stats);
    }

    const lines = ['type        n   recall@1  recall@5  MRR'];
    for (const [type, stats] of perType) {
      lines.push(
        `${type.padEnd(11)} ${String(stats.count).padStart(2)}  ${(stats.recall1 / stats.count).toFixed(3).padStart(8)}  ${(stats.recall5 / stats.count).toFixed(3).padStart(8)}  ${(stats.reciprocalRank / stats.count).toFixed(3)}`,
      );
    }
    const flagged = abstainedOutOfContext + abstainedAnswerable;
    const precision = flagged === 0 ? 0 : abstainedOutOfContext / flagged;
    const recall = outOfContextTotal === 0 ? 0 : abstainedOutOfContext / outOfContextTotal;
    lines.push(
      `out_of_context: ${abstainedOutOfContext}/${outOfContextTotal} abstained, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}; answerable questions abstained: ${abstainedAnswerable}`,
    );
    process.stdout.write(`\n${lines.join('\n')}\n`);

    const lexical = perType.get('lexical');
    expect(lexical && lexical.recall5 / lexical.count).toBeGreaterThanOrEqual(0.9);
    expect(abstainedOutOfContext).toBeGreaterThanOrEqual(5);
    expect(abstainedAnswerable).toBeLessThanOrEqual(2);
  }, 300000);
});
