import Fastify from 'fastify';

/**
 * Starts the baseline of the liveness benchmark: a bare Fastify server with the same route and
 * reply as the API's /health/live, and no plugins. Prints its port as JSON on standard output.
 */
async function main(): Promise<void> {
  const server = Fastify({ logger: false });
  server.get('/health/live', async () => ({ status: 'ok' }));
  await server.listen({ host: '127.0.0.1', port: 0 });
  const { port } = server.server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

void main();
