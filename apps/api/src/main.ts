import { loadAppConfig } from '@fisiorag/config';

import { createApp } from './create-app';
import { initErrorReporting } from './error-reporting';
import { installGracefulShutdown } from './graceful-shutdown';

async function bootstrap(): Promise<void> {
  const config = loadAppConfig();
  // Before the application is built, so Sentry also reports an uncaught error during startup.
  initErrorReporting(config);
  const app = await createApp();
  installGracefulShutdown(app, { graceMs: config.env.SHUTDOWN_GRACE_MS });
  await app.listen({ port: config.env.APP_PORT, host: config.env.APP_HOST });
  process.stdout.write(
    `FisioRAG API listening on http://${config.env.APP_HOST}:${config.env.APP_PORT} (Swagger UI at /docs)\n`,
  );
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `FisioRAG failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
