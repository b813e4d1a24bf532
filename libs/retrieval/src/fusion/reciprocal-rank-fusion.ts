import type { ChunkHit, Retriever } from '../chunk-hit';

/** The rank constant of Cormack, Clarke and Büttcher (SIGIR 2009), which damps the top ranks. */
export const RRF_K = 60;

/** One retriever's hits, best first. */
export interface RankedList {
  retriever: Retriever;
  hits: readonly ChunkHit[];
}

/** A chunk after fusion, with the 1-based rank and raw score it had in each retriever that found it. */
export interface FusedHit {
  hit: ChunkHit;
  fusedScore: number;
  ranks: Partial<Record<Retriever, number>>;
  scores: Partial<Record<Retriever, number>>;
}

/**
 * Fuses ranked lists by reciprocal rank fusion: each chunk scores the sum of 1 / (k + rank)
 * over the lists that contain it. A chunk found twice in one list counts at its best rank.
 * Ties are broken by the best single rank, then by chunk id, so the order is deterministic.
 */
export function fuseRankings(lists: readonly RankedList[], k: number = RRF_K): FusedHit[] {
  const fused = new Map<string, FusedHit>();
  for (const { retriever, hits } of lists) {
    hits.forEach((hit, index) => {
      const rank = index + 1;
      const entry = fused.get(hit.chunkId) ?? { hit, fusedScore: 0, ranks: {}, scores: {} };
      if (entry.ranks[retriever] !== undefined) {
        return;
      }
      entry.ranks[retriever] = rank;
      entry.scores[retriever] = hit.score;
      entry.fusedScore += 1 / (k + rank);
      fused.set(hit.chunkId, entry);
    });
  }

  return [...fused.values()].sort(
    (a, b) =>
      b.fusedScore - a.fusedScore ||
      bestRank(a) - bestRank(b) ||
      a.hit.chunkId.localeCompare(b.hit.chunkId),
  );
}

function bestRank(entry: FusedHit): number {
  return Math.min(...Object.values(entry.ranks));
}
