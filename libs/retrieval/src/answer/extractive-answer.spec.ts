import type { ChunkHit } from '../chunk-hit';
import { buildExtractiveAnswer } from './extractive-answer';

const DOCUMENT = [
  '# Sindrome del tunnel carpale',
  '',
  '## Test clinici',
  '',
  'La diagnosi è clinica. Il test di Phalen si esegue mantenendo i polsi in flessione massima per 60 secondi.',
  'Il test di Tinel consiste nella percussione sul canale carpale.',
  '',
  '## Trattamento',
  '',
  'Il tutore notturno in posizione neutra riduce i sintomi. La chirurgia è riservata ai casi gravi.',
].join('\n');

function passage(id: string, from: string, to: string, title = 'Tunnel carpale'): ChunkHit {
  const start = DOCUMENT.indexOf(from);
  const end = DOCUMENT.indexOf(to) + to.length;

  return {
    chunkId: id,
    documentId: 'doc-1',
    documentTitle: title,
    ordinal: 0,
    headingPath: [],
    content: DOCUMENT.slice(start, end),
    startOffset: start,
    endOffset: end,
    score: 0.5,
  };
}

describe('buildExtractiveAnswer', () => {
  const tests = passage('c1', '## Test clinici', 'canale carpale.');
  const treatment = passage('c2', '## Trattamento', 'casi gravi.');

  it('quotes the sentence that matches the question', () => {
    const { answer, citations } = buildExtractiveAnswer('Come si esegue il test di Phalen?', 'it', [
      tests,
      treatment,
    ]);

    expect(citations[0]?.quote).toBe(
      'Il test di Phalen si esegue mantenendo i polsi in flessione massima per 60 secondi.',
    );
    expect(answer.startsWith('Secondo il materiale: Il test di Phalen')).toBe(true);
    expect(answer).toContain('[1]');
  });

  it('returns citation offsets into the document', () => {
    const { citations } = buildExtractiveAnswer('test clinici Phalen Tinel tutore', 'it', [
      tests,
      treatment,
    ]);

    expect(citations.length).toBeGreaterThan(0);
    for (const citation of citations) {
      expect(DOCUMENT.slice(citation.startOffset, citation.endOffset)).toBe(citation.quote);
      expect(citation.documentId).toBe('doc-1');
      expect(citation.title).toBe('Tunnel carpale');
    }
  });

  it('numbers up to three citations in reading order', () => {
    const { answer, citations } = buildExtractiveAnswer('test di Phalen e test di Tinel', 'en', [
      tests,
    ]);

    expect(citations.map((citation) => citation.quote)).toEqual([
      'Il test di Phalen si esegue mantenendo i polsi in flessione massima per 60 secondi.',
      'Il test di Tinel consiste nella percussione sul canale carpale.',
    ]);
    expect(answer).toBe(
      `According to the material: ${citations[0]?.quote} [1] ${citations[1]?.quote} [2]`,
    );
  });

  it('matches accents and inflections loosely', () => {
    const { citations } = buildExtractiveAnswer('tutori notturni', 'it', [tests, treatment]);

    expect(citations[0]?.quote).toBe('Il tutore notturno in posizione neutra riduce i sintomi.');
  });

  it('never quotes a heading', () => {
    const { citations } = buildExtractiveAnswer('trattamento', 'it', [treatment]);

    expect(citations.map((citation) => citation.quote)).not.toContain('Trattamento');
  });

  it('cites the same sentence once across overlapping passages', () => {
    const overlapping = passage('c3', 'Il test di Tinel', 'casi gravi.');
    const { citations } = buildExtractiveAnswer('test di Tinel', 'it', [tests, overlapping]);

    expect(citations.filter((citation) => citation.quote.includes('Tinel'))).toHaveLength(1);
    expect(citations[0]?.chunkId).toBe('c1');
  });

  it('keeps the quoted text within the length budget', () => {
    const { citations } = buildExtractiveAnswer('test di Phalen e test di Tinel', 'it', [tests], {
      maxPassages: 3,
      maxSentences: 3,
      maxChars: 100,
      minRelativeScore: 0,
    });

    expect(citations).toHaveLength(1);
  });

  it('falls back to the first sentence of the top passage when nothing matches', () => {
    const { citations } = buildExtractiveAnswer('carbonara', 'it', [tests]);

    expect(citations.map((citation) => citation.quote)).toEqual(['La diagnosi è clinica.']);
  });

  it('returns no citations without passages', () => {
    expect(buildExtractiveAnswer('test', 'it', [])).toEqual({ answer: '', citations: [] });
  });
});
