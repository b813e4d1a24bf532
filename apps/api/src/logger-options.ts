import type { IncomingMessage, ServerResponse } from 'node:http';

import { RequestMethod } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { Params } from 'nestjs-pino';
import type { LogFn, Logger } from 'pino';

import type { AppConfig } from '@fisiorag/config';

import { REDACTED_PATHS, REDACTION_CENSOR, redactLogArguments } from './log-redaction';

export { REDACTED_PATHS } from './log-redaction';

const LOG_CONTEXT = Symbol('fisiorag.requestLogContext');

/** Fields the request line carries beyond pino-http's own. */
interface RequestLogContext {
  route?: string;
  tenantId?: string;
  userId?: string;
}

type RequestWithLogContext = IncomingMessage & { [LOG_CONTEXT]?: RequestLogContext };

/** middie rewrites `url` relative to the middleware's mount path and keeps the original. */
type RawRequest = IncomingMessage & { id?: unknown; originalUrl?: string };

/** Returns the request path without the query string, which may carry secrets. */
function requestPath(request: RawRequest): string {
  return (request.originalUrl ?? request.url ?? '/').split('?')[0] ?? '/';
}

/**
 * Copies the route template and the caller to the raw request before the response is sent,
 * because pino-http writes the request line from the raw request, and the JWT guard puts the
 * principal on Fastify's request object.
 */
export function registerRequestLogContext(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request) => {
    const user = (request as { user?: { tenantId?: unknown; userId?: unknown; adminId?: unknown } })
      .user;
    const userId = user?.userId ?? user?.adminId;
    (request.raw as RequestWithLogContext)[LOG_CONTEXT] = {
      route: request.routeOptions.url,
      tenantId: typeof user?.tenantId === 'string' ? user.tenantId : undefined,
      userId: typeof userId === 'string' ? userId : undefined,
    };
  });
}

/**
 * pino-http settings: JSON lines; one `request completed` line per request with `requestId`,
 * `route`, `tenantId`, `userId`, `res.statusCode` and `responseTime` (ms). Every other line
 * written while serving the request (Nest's Logger goes through nestjs-pino's request-scoped
 * logger) carries the same `requestId`. Credentials are redacted by field name and by shape.
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    // nestjs-pino 5.2's default route, `{/*splat}`, matches only `/` under Nest 12 with Fastify
    // (@fastify/middie), so without this no request was logged and no line had a request id.
    forRoutes: [{ path: '/{*splat}', method: RequestMethod.ALL }],
    // The probes log no request line (see autoLogging below), so they skip the middleware, whose
    // child logger and redaction per request cost a tenth of /health/live's CPU time.
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
    pinoHttp: {
      level: config.env.LOG_LEVEL,
      redact: { paths: REDACTED_PATHS, censor: REDACTION_CENSOR },
      genReqId: (request: IncomingMessage) => String((request as { id?: unknown }).id ?? 'unknown'),
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'requestId' },
      customProps: (request: IncomingMessage) =>
        (request as RequestWithLogContext)[LOG_CONTEXT] ?? {},
      customLogLevel: (_request, response: ServerResponse, error?: Error) =>
        error || response.statusCode >= 500 ? 'error' : 'info',
      serializers: {
        req: (request: RawRequest) => ({
          id: request.id,
          method: request.method,
          url: requestPath(request),
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      hooks: {
        logMethod(this: Logger, args: Parameters<LogFn>, method: LogFn) {
          method.apply(this, redactLogArguments(args) as Parameters<LogFn>);
        },
      },
      autoLogging: { ignore: (request) => requestPath(request).startsWith('/health') },
    },
  };
}
