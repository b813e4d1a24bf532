import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';

import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';

import { ProblemDetailsFilter, createValidationPipe } from '@fisiorag/common';
import { AppConfig, type AppConfigOptions } from '@fisiorag/config';

import { AppModule } from './app.module';
import { setupSwagger } from './swagger';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a well-formed incoming x-request-id, otherwise generates one. */
function requestId(raw: IncomingMessage | Http2ServerRequest): string {
  const header = raw.headers['x-request-id'];
  const id = typeof header === 'string' && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
  // pino-http reads the same id from the raw request.
  (raw as { id?: string }).id = id;

  return id;
}

/** Builds the configured Fastify application without listening (tests listen on port 0). */
export async function createApp(options: AppConfigOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(options),
    new FastifyAdapter({
      genReqId: requestId,
      requestIdHeader: false,
      // JSON bodies carry the document text escaped, which can grow it up to 6x for control characters.
      bodyLimit: 8 * 1024 * 1024,
      trustProxy: false,
    }),
    { bufferLogs: true, abortOnError: false },
  );
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();

  const uploadLimit = config.env.MAX_UPLOAD_BYTES;
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: uploadLimit,
      files: 1,
      fields: 4,
      parts: 6,
      fieldSize: 4096,
      headerPairs: 50,
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply) => {
      void reply.header('x-request-id', request.id);
    });

  const origins = config.corsOrigins;
  if (origins === '*' || origins.length > 0) {
    app.enableCors({ origin: origins === '*' ? true : origins, credentials: false });
  }
  app.useGlobalFilters(new ProblemDetailsFilter(uploadLimit));
  app.useGlobalPipes(createValidationPipe());
  setupSwagger(app);

  return app;
}
