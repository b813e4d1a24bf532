import autocannon from 'autocannon';

/** Latency and throughput of one load run. Latencies in milliseconds. */
export interface LoadResult {
  requests: number;
  /** Completed requests per second. */
  throughput: number;
  p50: number;
  p95: number;
  /** Responses outside 2xx plus connection errors and timeouts. */
  failures: number;
  /** Message of the first failure, when there was one. */
  firstError?: string;
}

/** Returns the value at rank ceil(p * n) of the sorted latencies (nearest-rank method). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const rank = Math.max(1, Math.ceil(p * sorted.length));

  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

function summarize(
  latencies: number[],
  seconds: number,
  failures: number,
  firstError?: string,
): LoadResult {
  latencies.sort((a, b) => a - b);

  return {
    requests: latencies.length,
    throughput: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    failures,
    firstError,
  };
}

export interface HttpLoad {
  url: string;
  connections: number;
  durationSeconds: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Called for every request; returns its JSON body. */
  nextBody?: () => unknown;
}

/**
 * Drives an HTTP endpoint with autocannon at a fixed number of connections. Percentiles come from
 * every response's latency, because autocannon's own summary has no p95.
 */
export async function runHttpLoad(load: HttpLoad): Promise<LoadResult> {
  const latencies: number[] = [];
  const nextBody = load.nextBody;
  let firstError: string | undefined;
  const options: autocannon.Options = {
    url: load.url,
    connections: load.connections,
    duration: load.durationSeconds,
    method: load.method ?? 'GET',
    headers: {
      ...(nextBody ? { 'content-type': 'application/json' } : {}),
      ...load.headers,
    },
    requests: nextBody
      ? [{ setupRequest: (request) => ({ ...request, body: JSON.stringify(nextBody()) }) }]
      : undefined,
  };
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon(options, (error, finished) =>
      error ? fail(error) : done(finished),
    );
    instance.on('reqError', (error: Error) => {
      firstError ??= `${error.message} (${load.url})`;
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) {
        latencies.push(responseTime);
      } else {
        firstError ??= `HTTP ${statusCode} from ${load.url}`;
      }
    });
  });
  // autocannon counts timeouts among the errors.
  const failures = result.non2xx + result.errors;

  return summarize(latencies, result.duration, failures, firstError);
}

/**
 * Runs `task` in a closed loop on `connections` concurrent workers for the duration, the same
 * load shape autocannon applies to HTTP.
 */
export async function runClosedLoop(
  connections: number,
  durationSeconds: number,
  task: () => Promise<void>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + durationSeconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const requestStarted = performance.now();
      try {
        await task();
        latencies.push(performance.now() - requestStarted);
      } catch (error) {
        failures += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));

  return summarize(latencies, (performance.now() - started) / 1000, failures, firstError);
}
