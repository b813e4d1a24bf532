import type { Language } from '@fisiorag/common';

import type { ChunkHit } from '../chunk-hit';
import { contentStems } from '../text/content-terms';
import { type Sentence, splitSentences } from './split-sentences';

/** An exact span of a document that supports the answer. */
export interface Citation {
  chunkId: string;
  documentId: string;
  title: string;
  /** Equal to `documents.content.slice(startOffset, endOffset)`. */
  quote: string;
  startOffset: number;
  endOffset: number;
  /** Weighted share of the question's terms that the quote contains, from 0 to 1. */
  score: number;
}

export interface ExtractiveAnswer {
  answer: string;
  citations: Citation[];
}

export interface ExtractiveAnswerOptions {
  /** How many of the best passages sentences are taken from. */
  maxPassages: number;
  maxSentences: number;
  /** Length budget of the quoted sentences, in characters; the best sentence is always kept. */
  maxChars: number;
  /** A sentence joins the best one only when it scores at least this share of its score. */
  minRelativeScore: number;
}

export const DEFAULT_EXTRACTIVE_OPTIONS: ExtractiveAnswerOptions = {
  maxPassages: 3,
  maxSentences: 3,
  maxChars: 600,
  minRelativeScore: 0.6,
};

const ANSWER_PREFIX: Record<Language, string> = {
  it: 'Secondo il materiale:',
  en: 'According to the material:',
};

// Each lower passage rank costs a sentence this share of its score, so ties go to the top passage.
const RANK_PENALTY = 0.1;

interface Candidate {
  passage: ChunkHit;
  passageRank: number;
  sentence: Sentence;
  stems: Set<string>;
  score: number;
}

/**
 * Builds an answer from the passages' own sentences: the 1 to `maxSentences` sentences that
 * share the most question terms (weighted by how rare each term is among the candidates), each
 * followed by a `[n]` marker of its citation. Passages must be ordered best first.
 */
export function buildExtractiveAnswer(
  question: string,
  language: Language,
  passages: readonly ChunkHit[],
  options: ExtractiveAnswerOptions = DEFAULT_EXTRACTIVE_OPTIONS,
): ExtractiveAnswer {
  const candidates = collectCandidates(passages.slice(0, options.maxPassages));
  if (candidates.length === 0) {
    return { answer: '', citations: [] };
  }

  scoreCandidates(candidates, contentStems(question));
  const chosen = chooseSentences(candidates, options);
  const citations = chosen.map(toCitation);
  const quoted = citations.map((citation, index) => `${citation.quote} [${index + 1}]`);

  return { answer: `${ANSWER_PREFIX[language]} ${quoted.join(' ')}`, citations };
}

function collectCandidates(passages: readonly ChunkHit[]): Candidate[] {
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  passages.forEach((passage, passageRank) => {
    for (const sentence of splitSentences(passage.content)) {
      // Overlapping chunks repeat sentences, so a sentence is known by its document span.
      const key = `${passage.documentId}:${passage.startOffset + sentence.start}`;
      if (sentence.kind === 'heading' || seen.has(key)) {
        continue;
      }
      seen.add(key);
      candidates.push({
        passage,
        passageRank,
        sentence,
        stems: new Set(contentStems(sentence.text)),
        score: 0,
      });
    }
  });

  return candidates;
}

function scoreCandidates(candidates: Candidate[], questionStems: string[]): void {
  const weights = questionStems.map((stem) => {
    const frequency = candidates.filter((candidate) => candidate.stems.has(stem)).length;

    return frequency === 0 ? 0 : Math.log(1 + candidates.length / frequency);
  });
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  for (const candidate of candidates) {
    const matched = questionStems.reduce(
      (sum, stem, index) => sum + (candidate.stems.has(stem) ? (weights[index] as number) : 0),
      0,
    );
    const coverage = total === 0 ? 0 : matched / total;
    candidate.score = coverage * (1 - RANK_PENALTY * candidate.passageRank);
  }
}

function chooseSentences(candidates: Candidate[], options: ExtractiveAnswerOptions): Candidate[] {
  const ranked = [...candidates].sort(
    (a, b) =>
      b.score - a.score || a.passageRank - b.passageRank || a.sentence.start - b.sentence.start,
  );
  const best = ranked[0] as Candidate;
  const chosen = [best];
  let length = best.sentence.text.length;
  for (const candidate of ranked.slice(1)) {
    if (
      chosen.length === options.maxSentences ||
      candidate.score < best.score * options.minRelativeScore
    ) {
      break;
    }
    if (candidate.score === 0 || length + candidate.sentence.text.length > options.maxChars) {
      continue;
    }
    chosen.push(candidate);
    length += candidate.sentence.text.length;
  }

  // Reading order: by passage, then by position in it.
  return chosen.sort(
    (a, b) => a.passageRank - b.passageRank || a.sentence.start - b.sentence.start,
  );
}

function toCitation(candidate: Candidate): Citation {
  const { passage, sentence } = candidate;

  return {
    chunkId: passage.chunkId,
    documentId: passage.documentId,
    title: passage.documentTitle,
    quote: sentence.text,
    startOffset: passage.startOffset + sentence.start,
    endOffset: passage.startOffset + sentence.end,
    score: Math.round(candidate.score * 1000) / 1000,
  };
}
