import * as Sentry from '@sentry/node';

import type { UnexpectedErrorReporter } from '@fisiorag/common';
import type { AppConfig } from '@fisiorag/config';

/**
 * Starts Sentry when SENTRY_DSN is set, before the application is built. Only errors are sent:
 * no traces, and none of the request's headers, cookies, body, query or the user, because they
 * carry passwords, tokens and access codes. Returns whether Sentry started.
 */
export function initErrorReporting(config: AppConfig): boolean {
  const dsn = config.env.SENTRY_DSN;
  if (!dsn) {
    return false;
  }
  Sentry.init({
    dsn,
    environment: config.env.APP_ENV,
    // No module loader hooks: they only feed tracing, which is off.
    enableRuntimeChannelInjection: false,
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      databaseQueryData: false,
      queues: false,
      stackFrameVariables: false,
      genAI: { inputs: false, outputs: false },
    },
    beforeSend: (event) => {
      // Defence in depth: the settings above already keep these out of events.
      if (event.request) {
        delete event.request.headers;
        delete event.request.cookies;
        delete event.request.data;
        delete event.request.query_string;
      }

      return event;
    },
  });

  return true;
}

/** Sends an unexpected server error to Sentry, tagged with the request id, method and route. */
export const reportToSentry: UnexpectedErrorReporter = (error, request) => {
  Sentry.withScope((scope) => {
    scope.setTag('request_id', request.requestId);
    scope.setTag('http.method', request.method);
    scope.setTag('http.route', request.route);
    Sentry.captureException(error);
  });
};

/** Sends the queued error reports, waiting at most `timeoutMs`; a no-op without Sentry. */
export async function flushErrorReports(timeoutMs: number): Promise<void> {
  if (Sentry.isInitialized()) {
    await Sentry.close(timeoutMs);
  }
}
