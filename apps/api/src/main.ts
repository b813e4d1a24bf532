import { loadAppConfig } from '@fisiorag/config';

import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  const config = loadAppConfig();
  const app = await createApp();
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
