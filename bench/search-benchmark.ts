import { MemorySampler } from './api-process';
import { type LoadResult, runClosedLoop, runHttpLoad } from './load';
import {
  BENCH_TOP_K,
  type BenchSearchMode,
  type PreparedQuery,
  rawSearch,
  type RawTarget,
  rotate,
  SEARCH_MODES,
} from './search-workload';

// Short runs before each measured run, so caches and connection pools are warm for both sides.
const WARMUP_SECONDS = 2;

export interface SearchTarget {
  baseUrl: string;
  token: string;
  /** Process id of the API, for its memory under load. */
  pid: number;
}

export interface ApiSearchFigures {
  mode: BenchSearchMode;
  load: LoadResult;
  /** Peak resident memory of the API process during the run, in megabytes. */
  peakRssMb: number;
}

export interface LoadShape {
  connections: number;
  durationSeconds: number;
}

function apiLoad(
  target: SearchTarget,
  mode: BenchSearchMode,
  queries: readonly PreparedQuery[],
  shape: LoadShape,
  seconds: number,
) {
  const next = rotate(queries);

  return runHttpLoad({
    url: `${target.baseUrl}/api/v1/search`,
    method: 'POST',
    connections: shape.connections,
    durationSeconds: seconds,
    headers: { authorization: `Bearer ${target.token}` },
    nextBody: () => ({ query: next().text, mode, topK: BENCH_TOP_K }),
  });
}

function rawLoad(
  target: RawTarget,
  mode: BenchSearchMode,
  queries: readonly PreparedQuery[],
  shape: LoadShape,
  seconds: number,
) {
  const next = rotate(queries);
  const search = rawSearch(target, mode);

  return runClosedLoop(shape.connections, seconds, () => search(next()));
}

/** Measures each search mode through the API, with the API's peak memory during each run. */
export async function measureApiSearch(
  target: SearchTarget,
  queries: readonly PreparedQuery[],
  shape: LoadShape,
  log: (message: string) => void,
): Promise<ApiSearchFigures[]> {
  const figures: ApiSearchFigures[] = [];
  for (const mode of SEARCH_MODES) {
    await apiLoad(target, mode, queries, shape, WARMUP_SECONDS);
    const sampler = new MemorySampler(target.pid);
    sampler.start();
    const load = await apiLoad(target, mode, queries, shape, shape.durationSeconds);
    const peakRssMb = sampler.stop();
    log(`  API ${mode}: ${describeLoad(load)}`);
    figures.push({ mode, load, peakRssMb });
  }

  return figures;
}

/** Measures each search mode with the service's SQL run directly through `pg`. */
export async function measureRawSearch(
  target: RawTarget,
  queries: readonly PreparedQuery[],
  shape: LoadShape,
  log: (message: string) => void,
): Promise<Record<BenchSearchMode, LoadResult>> {
  const figures = {} as Record<BenchSearchMode, LoadResult>;
  for (const mode of SEARCH_MODES) {
    await rawLoad(target, mode, queries, shape, WARMUP_SECONDS);
    figures[mode] = await rawLoad(target, mode, queries, shape, shape.durationSeconds);
    log(`  raw SQL ${mode}: ${describeLoad(figures[mode])}`);
  }

  return figures;
}

export function describeLoad(load: LoadResult): string {
  const failures = load.failures > 0 ? `, ${load.failures} failed (${load.firstError})` : '';

  return `p50 ${load.p50.toFixed(1)} ms, p95 ${load.p95.toFixed(1)} ms, ${load.throughput.toFixed(0)} req/s${failures}`;
}
