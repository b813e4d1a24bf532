import type { IncomingMessage } from 'node:http';

import type { Params } from 'nestjs-pino';

import type { AppConfig } from '@fisiorag/config';

/** Request and response fields that may carry credentials; pino replaces them. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.code',
  '*.apiKey',
];

export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.env.LOG_LEVEL,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (request: IncomingMessage) => String((request as { id?: unknown }).id ?? 'unknown'),
      customProps: (request: IncomingMessage) => {
        const user = (request as { user?: { userId: string; tenantId: string } }).user;

        return { tenantId: user?.tenantId, userId: user?.userId };
      },
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          url: request.url.split('?')[0],
        }),
      },
      autoLogging: { ignore: (request) => (request.url ?? '').startsWith('/health/') },
    },
  };
}
