import type { ChunkHit } from '../chunk-hit';
import { gatherEvidence, type RetrievalEvidence, shouldAbstain } from './abstention';

function chunk(content: string): ChunkHit {
  return {
    chunkId: content,
    documentId: 'doc-1',
    documentTitle: 'Fascite plantare',
    ordinal: 0,
    headingPath: ['Trattamento'],
    content,
    startOffset: 0,
    endOffset: content.length,
    score: 0.5,
  };
}

const CANDIDATES = [
  chunk('Lo stretching della fascia plantare si esegue 3 volte al giorno.'),
  chunk('Il dolore al primo passo del mattino è tipico della fascite plantare.'),
  chunk('Il modello di carico si adatta alla data della visita.'),
  chunk('La data del controllo e il modello del plantare si decidono insieme.'),
];

const EVIDENCE: RetrievalEvidence = {
  questionTermCount: 5,
  termCoverage: 0.8,
  bestVectorSimilarity: 0.4,
  keywordHitCount: 10,
};

describe('gatherEvidence', () => {
  it('counts topic words without stop words', () => {
    const evidence = gatherEvidence('Come si esegue lo stretching della fascia?', CANDIDATES, {
      bestVectorSimilarity: 0.3,
      keywordHitCount: 4,
    });

    expect(evidence.questionTermCount).toBe(3);
    expect(evidence.termCoverage).toBe(1);
    expect(evidence.bestVectorSimilarity).toBe(0.3);
    expect(evidence.keywordHitCount).toBe(4);
  });

  it('weighs missing topic words above common shared words', () => {
    const outside = gatherEvidence(
      'Entro quale data si presenta il modello 730 dei redditi?',
      CANDIDATES,
      {
        bestVectorSimilarity: 0.1,
        keywordHitCount: 2,
      },
    );
    const inside = gatherEvidence('Dolore della fascia plantare al mattino?', CANDIDATES, {
      bestVectorSimilarity: 0.3,
      keywordHitCount: 2,
    });

    expect(outside.termCoverage).toBeLessThan(0.35);
    expect(inside.termCoverage).toBe(1);
  });

  it('matches words across accents and inflections', () => {
    const evidence = gatherEvidence('stretching plantari', CANDIDATES, {
      bestVectorSimilarity: null,
      keywordHitCount: 1,
    });

    expect(evidence.termCoverage).toBe(1);
  });

  it('reports no coverage for a stop-word-only question', () => {
    const evidence = gatherEvidence('che cosa è?', CANDIDATES, {
      bestVectorSimilarity: 0.2,
      keywordHitCount: 0,
    });

    expect(evidence.questionTermCount).toBe(0);
    expect(evidence.termCoverage).toBe(0);
  });
});

describe('shouldAbstain', () => {
  it('answers when coverage is above the threshold', () => {
    expect(shouldAbstain(EVIDENCE)).toBe(false);
  });

  it('abstains when coverage is below the threshold', () => {
    expect(shouldAbstain({ ...EVIDENCE, termCoverage: 0.3 })).toBe(true);
  });

  it('abstains on a question without topic words', () => {
    expect(shouldAbstain({ ...EVIDENCE, questionTermCount: 0 })).toBe(true);
  });

  it('abstains when no retriever found anything', () => {
    expect(shouldAbstain({ ...EVIDENCE, bestVectorSimilarity: null, keywordHitCount: 0 })).toBe(
      true,
    );
  });

  it('answers from keyword hits alone', () => {
    expect(shouldAbstain({ ...EVIDENCE, bestVectorSimilarity: null })).toBe(false);
  });

  it('uses the given threshold', () => {
    expect(shouldAbstain(EVIDENCE, { minTermCoverage: 0.9 })).toBe(true);
  });
});
