import { Injectable, Logger } from '@nestjs/common';

import type { Principal } from '@fisiorag/auth';
import type { Language } from '@fisiorag/common';
import { BusinessMetrics } from '@fisiorag/metrics';

import {
  gatherEvidence,
  OUT_OF_CONTEXT_MESSAGE,
  type RetrievalEvidence,
  shouldAbstain,
} from './abstention/abstention';
import { buildExtractiveAnswer, type Citation } from './answer/extractive-answer';
import type { SearchMode } from './chunk-hit';
import { elapsedSince, type RetrievalTimings, SearchService } from './search.service';

export interface QueryRequest {
  question: string;
  mode?: SearchMode;
  topK?: number;
}

export interface QueryTimings extends RetrievalTimings {
  generationMs: number;
  totalMs: number;
}

export interface QueryAnswer {
  answer: string;
  citations: Citation[];
  outOfContext: boolean;
  mode: SearchMode;
  timings: QueryTimings;
}

/** Answers a question from a tenant's documents, or reports that they do not cover it. */
@Injectable()
export class QueryService {
  private readonly logger = new Logger(QueryService.name);

  constructor(
    private readonly search: SearchService,
    private readonly metrics: BusinessMetrics,
  ) {}

  async query(
    principal: Principal,
    language: Language,
    request: QueryRequest,
  ): Promise<QueryAnswer> {
    const started = performance.now();
    try {
      const answer = await this.answer(principal, language, request);
      const outcome = answer.outOfContext ? 'out_of_context' : 'answered';
      this.metrics.recordQuery(answer.mode, outcome, elapsedSince(started) / 1000);

      return answer;
    } catch (error) {
      this.metrics.recordQuery(request.mode ?? 'hybrid', 'error', elapsedSince(started) / 1000);
      throw error;
    }
  }

  private async answer(
    principal: Principal,
    language: Language,
    request: QueryRequest,
  ): Promise<QueryAnswer> {
    const started = performance.now();
    const retrieval = await this.search.retrieve(principal, {
      query: request.question,
      mode: request.mode,
      topK: request.topK,
    });
    const passages = retrieval.passages.map((passage) => passage.hit);
    const evidence = gatherEvidence(
      retrieval.query,
      retrieval.candidates.map((candidate) => candidate.hit),
      retrieval,
    );
    const outOfContext = passages.length === 0 || shouldAbstain(evidence);

    const generationStarted = performance.now();
    const { answer, citations } = outOfContext
      ? { answer: OUT_OF_CONTEXT_MESSAGE[language], citations: [] }
      : buildExtractiveAnswer(retrieval.query, language, passages);
    const generationMs = elapsedSince(generationStarted);

    const timings = { ...retrieval.timings, generationMs, totalMs: elapsedSince(started) };
    this.logger.debug(
      `tenant ${principal.tenantId} user ${principal.userId} query mode=${retrieval.mode} ` +
        `passages=${passages.length} outOfContext=${outOfContext} ${describeEvidence(evidence)} ` +
        `totalMs=${timings.totalMs}`,
    );

    return { answer, citations, outOfContext, mode: retrieval.mode, timings };
  }
}

function describeEvidence(evidence: RetrievalEvidence): string {
  return (
    `terms=${evidence.questionTermCount} coverage=${evidence.termCoverage.toFixed(2)} ` +
    `similarity=${evidence.bestVectorSimilarity?.toFixed(3) ?? 'none'} keywordHits=${evidence.keywordHitCount ?? 'none'}`
  );
}
