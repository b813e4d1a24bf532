import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { Principal } from '@fisiorag/auth';
import type { Language } from '@fisiorag/common';
import { DatabaseRuntime, TenantDatabase } from '@fisiorag/database';
import { chunkDocument, HashingEmbeddingProvider, normalizeText } from '@fisiorag/ingestion';
import { createUnpublishedBusinessMetrics } from '@fisiorag/metrics';

import { gatherEvidence, type RetrievalEvidence } from './abstention/abstention';
import { ChunkSearchRepository } from './chunk-search.repository';
import { QueryService } from './query.service';
import { SearchService } from './search.service';

// The evaluation set sits beside the repository and is never copied into it.
const CORPUS_DIR = resolve(__dirname, '../../../../shared/corpus');
const DIMENSION = 1536;

interface CorpusQuestion {
  id: string;
  question: string;
  language: Language;
  relevant: string[];
  type: 'lexical' | 'paraphrase' | 'multi_doc' | 'out_of_context';
}

interface Outcome {
  question: CorpusQuestion;
  recallAt1: number;
  recallAt5: number;
  outOfContext: boolean;
  evidence: RetrievalEvidence;
  citationsMatchDocuments: boolean;
}

const describeCorpus = existsSync(join(CORPUS_DIR, 'questions.json')) ? describe : describe.skip;
if (!existsSync(join(CORPUS_DIR, 'questions.json'))) {
  console.warn(`retrieval corpus evaluation skipped: no questions.json under ${CORPUS_DIR}`);
}

function describeAbstention(outcomes: Outcome[]): string {
  const abstained = outcomes.filter((outcome) => outcome.outOfContext);
  const truePositives = abstained.filter(
    (outcome) => outcome.question.type === 'out_of_context',
  ).length;
  const outOfContext = outcomes.filter(
    (outcome) => outcome.question.type === 'out_of_context',
  ).length;

  return `out-of-context precision ${truePositives}/${abstained.length}, recall ${truePositives}/${outOfContext}`;
}

describeCorpus('retrieval on the evaluation corpus', () => {
  let runtime: DatabaseRuntime;
  const outcomes: Outcome[] = [];

  function summarise(type: CorpusQuestion['type']): {
    count: number;
    recallAt1: number;
    recallAt5: number;
    abstained: number;
  } {
    const selected = outcomes.filter((outcome) => outcome.question.type === type);
    const mean = (values: number[]) =>
      values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);

    return {
      count: selected.length,
      recallAt1: mean(selected.map((outcome) => outcome.recallAt1)),
      recallAt5: mean(selected.map((outcome) => outcome.recallAt5)),
      abstained: selected.filter((outcome) => outcome.outOfContext).length,
    };
  }

  beforeAll(async () => {
    runtime = await DatabaseRuntime.open({
      pgliteDataDir: 'memory://',
      poolSize: 3,
      vectorDimension: DIMENSION,
    });
    const tenantDb = new TenantDatabase(runtime.dataSource);
    const embedder = new HashingEmbeddingProvider(DIMENSION);
    const tenantId = randomUUID();
    await runtime.dataSource.query('INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3)', [
      tenantId,
      'corpus',
      'Corpus di valutazione',
    ]);
    const titles = new Map<string, string>();

    for (const file of readdirSync(CORPUS_DIR)
      .filter((name) => name.endsWith('.md'))
      .sort()) {
      const content = normalizeText(readFileSync(join(CORPUS_DIR, file), 'utf8'));
      const chunks = await chunkDocument(content);
      const embeddings = await embedder.embedDocuments(chunks.map((chunk) => chunk.text));
      const documentId = randomUUID();
      titles.set(documentId, file);
      await tenantDb.run(tenantId, async (manager) => {
        await manager.query(
          `INSERT INTO documents (id, tenant_id, title, mime_type, content_sha256, content, char_count, status)
           VALUES ($1, $2, $3, 'text/markdown', $4, $5, $6, 'ready')`,
          [documentId, tenantId, file, randomUUID(), content, content.length],
        );
        for (const [index, chunk] of chunks.entries()) {
          await manager.query(
            `INSERT INTO chunks (tenant_id, document_id, ordinal, heading_path, heading, content, start_offset,
                                 end_offset, token_estimate, embedding)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::vector)`,
            [
              tenantId,
              documentId,
              chunk.ordinal,
              chunk.headingPath,
              chunk.headingPath.at(-1) ?? '',
              chunk.text,
              chunk.startOffset,
              chunk.endOffset,
              chunk.tokenEstimate,
              `[${(embeddings[index] as number[]).join(',')}]`,
            ],
          );
        }
      });
    }

    const contents = new Map<string, string>(
      (await runtime.dataSource.query('SELECT id, content FROM documents')).map(
        (row: { id: string; content: string }) => [row.id, row.content],
      ),
    );
    const search = new SearchService(tenantDb, new ChunkSearchRepository(), embedder);
    const queries = new QueryService(search, createUnpublishedBusinessMetrics());
    const principal: Principal = { userId: randomUUID(), tenantId, role: 'student' };
    const questions: CorpusQuestion[] = JSON.parse(
      readFileSync(join(CORPUS_DIR, 'questions.json'), 'utf8'),
    );

    for (const question of questions) {
      const retrieval = await search.retrieve(principal, { query: question.question, topK: 5 });
      const files = retrieval.passages.map((passage) => titles.get(passage.hit.documentId));
      const recallAt = (k: number) =>
        question.relevant.length === 0
          ? 0
          : question.relevant.filter((file) => files.slice(0, k).includes(file)).length /
            question.relevant.length;
      const answer = await queries.query(principal, question.language, {
        question: question.question,
      });

      outcomes.push({
        question,
        recallAt1: recallAt(1),
        recallAt5: recallAt(5),
        outOfContext: answer.outOfContext,
        evidence: gatherEvidence(
          retrieval.query,
          retrieval.candidates.map((candidate) => candidate.hit),
          retrieval,
        ),
        citationsMatchDocuments: answer.citations.every(
          (citation) =>
            contents.get(citation.documentId)?.slice(citation.startOffset, citation.endOffset) ===
            citation.quote,
        ),
      });
    }

    console.log(
      [
        'id   type            r@1  r@5  terms coverage similarity keywordHits abstained',
        ...outcomes.map(({ question, recallAt1, recallAt5, evidence, outOfContext }) =>
          [
            question.id.padEnd(4),
            question.type.padEnd(15),
            recallAt1.toFixed(2),
            recallAt5.toFixed(2),
            String(evidence.questionTermCount).padStart(5),
            evidence.termCoverage.toFixed(2).padStart(8),
            (evidence.bestVectorSimilarity ?? 0).toFixed(3).padStart(10),
            String(evidence.keywordHitCount).padStart(11),
            outOfContext ? 'yes' : 'no',
          ].join(' '),
        ),
        ...(['lexical', 'paraphrase', 'multi_doc', 'out_of_context'] as const).map(
          (type) => `${type}: ${JSON.stringify(summarise(type))}`,
        ),
        describeAbstention(outcomes),
      ].join('\n'),
    );
  }, 300_000);

  afterAll(async () => {
    await runtime?.close();
  });

  it('abstains on at least 5 of 6 out-of-context questions', () => {
    const { count, abstained } = summarise('out_of_context');

    expect(count).toBeGreaterThan(0);
    expect(abstained / count).toBeGreaterThanOrEqual(5 / 6);
  });

  it('answers all but at most 2 answerable questions', () => {
    const answerable = outcomes.filter((outcome) => outcome.question.type !== 'out_of_context');

    expect(answerable.filter((outcome) => outcome.outOfContext).length).toBeLessThanOrEqual(2);
  });

  it('finds the relevant document of lexical questions in the top 5', () => {
    expect(summarise('lexical').recallAt5).toBeGreaterThanOrEqual(0.9);
  });

  it('quotes citations exactly from the documents', () => {
    expect(
      outcomes
        .filter((outcome) => !outcome.citationsMatchDocuments)
        .map((outcome) => outcome.question.id),
    ).toEqual([]);
  });
});
