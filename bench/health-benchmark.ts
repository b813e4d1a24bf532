import type { ApiProcess } from './api-process';
import { HelperProcess } from './child-process';
import { type LoadResult, runHttpLoad } from './load';
import type { LoadShape } from './search-benchmark';

export interface HealthFigures {
  api: LoadResult;
  bare: LoadResult;
}

/** Drives the API's /health/live and the same route on a bare Fastify server, one after the other. */
export async function measureHealth(
  api: ApiProcess,
  shape: LoadShape,
  log: (message: string) => void,
): Promise<HealthFigures> {
  const bareServer = await HelperProcess.start<{ port: number }>('bare-fastify-server');
  try {
    const bareUrl = `http://127.0.0.1:${bareServer.ready.port}/health/live`;
    const apiUrl = `${api.baseUrl}/health/live`;
    await runHttpLoad({ url: bareUrl, connections: shape.connections, durationSeconds: 2 });
    const bare = await runHttpLoad({
      url: bareUrl,
      connections: shape.connections,
      durationSeconds: shape.durationSeconds,
    });
    await runHttpLoad({ url: apiUrl, connections: shape.connections, durationSeconds: 2 });
    const apiLoad = await runHttpLoad({
      url: apiUrl,
      connections: shape.connections,
      durationSeconds: shape.durationSeconds,
    });
    log(
      `  /health/live: API ${apiLoad.throughput.toFixed(0)} req/s, bare Fastify ${bare.throughput.toFixed(0)} req/s`,
    );

    return { api: apiLoad, bare };
  } finally {
    await bareServer.stop();
  }
}
