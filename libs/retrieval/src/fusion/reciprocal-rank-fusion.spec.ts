import type { ChunkHit } from '../chunk-hit';
import { fuseRankings, RRF_K } from './reciprocal-rank-fusion';

function hit(chunkId: string, score: number): ChunkHit {
  return {
    chunkId,
    documentId: `doc-${chunkId}`,
    documentTitle: `Titolo ${chunkId}`,
    ordinal: 0,
    headingPath: [],
    content: `contenuto ${chunkId}`,
    startOffset: 0,
    endOffset: 12,
    score,
  };
}

describe('fuseRankings', () => {
  it('sums reciprocal ranks over the lists', () => {
    const fused = fuseRankings([
      { retriever: 'vector', hits: [hit('a', 0.9), hit('b', 0.8)] },
      { retriever: 'keyword', hits: [hit('b', 0.5), hit('c', 0.4)] },
    ]);

    expect(fused.map((entry) => entry.hit.chunkId)).toEqual(['b', 'a', 'c']);
    expect(fused[0]?.fusedScore).toBeCloseTo(1 / (RRF_K + 2) + 1 / (RRF_K + 1));
    expect(fused[1]?.fusedScore).toBeCloseTo(1 / (RRF_K + 1));
    expect(fused[2]?.fusedScore).toBeCloseTo(1 / (RRF_K + 2));
  });

  it('keeps the rank and raw score per retriever', () => {
    const [first] = fuseRankings([
      { retriever: 'vector', hits: [hit('a', 0.2), hit('b', 0.71)] },
      { retriever: 'keyword', hits: [hit('b', 0.33)] },
    ]);

    expect(first?.hit.chunkId).toBe('b');
    expect(first?.ranks).toEqual({ vector: 2, keyword: 1 });
    expect(first?.scores).toEqual({ vector: 0.71, keyword: 0.33 });
  });

  it('dedupes a chunk repeated in one list at its best rank', () => {
    const fused = fuseRankings([{ retriever: 'vector', hits: [hit('a', 0.9), hit('a', 0.1)] }]);

    expect(fused).toHaveLength(1);
    expect(fused[0]?.ranks).toEqual({ vector: 1 });
    expect(fused[0]?.fusedScore).toBeCloseTo(1 / (RRF_K + 1));
  });

  it('breaks ties by best rank and then chunk id', () => {
    const fused = fuseRankings([
      { retriever: 'vector', hits: [hit('z', 0.9), hit('y', 0.8)] },
      { retriever: 'keyword', hits: [hit('y', 0.9), hit('z', 0.8)] },
    ]);

    expect(fused.map((entry) => entry.hit.chunkId)).toEqual(['y', 'z']);
  });

  it('returns one list unchanged in order', () => {
    const fused = fuseRankings([
      { retriever: 'keyword', hits: [hit('c', 0.3), hit('a', 0.2), hit('b', 0.1)] },
    ]);

    expect(fused.map((entry) => entry.hit.chunkId)).toEqual(['c', 'a', 'b']);
  });

  it('returns nothing for empty lists', () => {
    expect(fuseRankings([])).toEqual([]);
    expect(fuseRankings([{ retriever: 'vector', hits: [] }])).toEqual([]);
  });

  it('accepts another rank constant', () => {
    const [first] = fuseRankings([{ retriever: 'vector', hits: [hit('a', 1)] }], 1);

    expect(first?.fusedScore).toBeCloseTo(0.5);
  });
});
