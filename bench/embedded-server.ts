import { EmbeddedPostgres } from '@fisiorag/database';

/**
 * Child process of the benchmark that serves a PGlite data directory over a loopback socket,
 * as the API does in embedded mode, so the raw SQL runs against PGlite in a process of its own.
 * Prints the connection URL as JSON on standard output and stops on SIGTERM.
 */
async function main(): Promise<void> {
  const [dataDir, maxConnections] = process.argv.slice(2);
  if (!dataDir) {
    throw new Error('usage: embedded-server DATA_DIR [MAX_CONNECTIONS]');
  }
  const database = await EmbeddedPostgres.start(dataDir, Number(maxConnections ?? 16));
  process.stdout.write(`${JSON.stringify({ url: database.url })}\n`);
  process.once('SIGTERM', () => {
    void database.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `embedded server failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
