import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';

import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';

import { ProblemDetailsFilter, createValidationPipe } from '@fisiorag/common';
import { type AppConfigOptions, loadAppConfig } from '@fisiorag/config';

import { AppModule } from './app.module';
import { reportToSentry } from './error-reporting';
import { registerJsonBodyParser } from './json-body-parser';
import { registerRequestLogContext } from './logger-options';
import { parseAllowedHosts, registerHostCheck } from './security/allowed-hosts';
import { registerSecurityHeaders } from './security/security-headers';
import { trustProxyHops } from './security/trusted-proxy';
import { setupSwagger } from './swagger';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Smallest JSON body limit, in bytes, whatever MAX_UPLOAD_BYTES is. */
const MIN_BODY_LIMIT = 8 * 1024 * 1024;

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
  // Read before the module graph, because the Fastify adapter takes the proxy and body settings.
  const config = loadAppConfig(options.env);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(options),
    new FastifyAdapter({
      genReqId: requestId,
      requestIdHeader: false,
      // JSON escaping makes a body longer than the document text it carries ("\n", "\"" take
      // 2 bytes, control characters 6), so the documents service checks MAX_UPLOAD_BYTES itself.
      bodyLimit: Math.max(MIN_BODY_LIMIT, 2 * config.env.MAX_UPLOAD_BYTES),
      // request.ip is the X-Forwarded-For entry TRUST_PROXY_HOPS proxies back, so a client
      // cannot choose its own rate-limit key by sending X-Forwarded-For.
      trustProxy:
        config.env.TRUST_PROXY_HOPS > 0 ? trustProxyHops(config.env.TRUST_PROXY_HOPS) : false,
      // During a graceful shutdown, a request that arrives on an open keep-alive connection is
      // still served (with `Connection: close`) instead of getting a 503.
      return503OnClosing: false,
    }),
    // Body parsers are registered below: JSON with depth and NUL checks, and multipart.
    { bufferLogs: true, abortOnError: false, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  // No enableShutdownHooks(): main.ts handles SIGTERM with a graceful shutdown.
  registerRequestLogContext(app.getHttpAdapter().getInstance());
  await registerSecurityHeaders(app);
  const allowedHosts = parseAllowedHosts(config.env.ALLOWED_HOSTS);
  if (allowedHosts) {
    registerHostCheck(app.getHttpAdapter().getInstance(), allowedHosts);
  }

  const uploadLimit = config.env.MAX_UPLOAD_BYTES;
  const bodyLimit = Math.max(MIN_BODY_LIMIT, 2 * uploadLimit);
  registerJsonBodyParser(app.getHttpAdapter().getInstance(), bodyLimit);
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
  app.useGlobalFilters(
    new ProblemDetailsFilter(
      uploadLimit,
      bodyLimit,
      config.env.SENTRY_DSN ? reportToSentry : undefined,
    ),
  );
  app.useGlobalPipes(createValidationPipe());
  if (config.env.SWAGGER_ENABLED ?? !config.isProduction) {
    setupSwagger(app);
  }

  return app;
}
