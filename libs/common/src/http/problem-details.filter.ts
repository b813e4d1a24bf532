import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { DomainError, type FieldError } from '../errors/domain-error';
import { ERROR_CATALOG, formatDetail } from '../errors/error-catalog';
import { ErrorCode } from '../errors/error-code';
import { localizeFieldError } from '../errors/validation-messages';
import { pickLanguage } from '../i18n/language';

/** Receives every unexpected server error (5xx) once, for an error tracker such as Sentry. */
export type UnexpectedErrorReporter = (
  error: unknown,
  request: { requestId: string; method: string; route: string },
) => void;

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  requestId?: string;
  errors?: FieldError[];
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.MalformedRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.RouteNotFound,
  405: ErrorCode.RouteNotFound,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.TooManyRequests,
  503: ErrorCode.ServiceUnavailable,
};

/** Fastify and plugin errors carry `statusCode` and an `FST_*` code but are not HttpExceptions. */
interface FrameworkError {
  statusCode: number;
  code?: string;
  message: string;
}

function isFrameworkError(error: unknown): error is FrameworkError {
  return (
    error instanceof Error &&
    typeof (error as unknown as Partial<FrameworkError>).statusCode === 'number' &&
    (error as unknown as FrameworkError).statusCode >= 400 &&
    (error as unknown as FrameworkError).statusCode < 500
  );
}

function problemType(code: ErrorCode): string {
  return `urn:fisiorag:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

/**
 * Turns every error into an RFC 9457 `application/problem+json` response with a stable
 * `code` and a detail in the caller's language. Unknown errors are logged with their stack
 * and returned as a generic 500 without internals.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  /**
   * @param uploadLimitBytes limit of an uploaded file, reported in its 413 details
   * @param bodyLimitBytes limit of a whole request body, reported in its 413 details
   * @param reportUnexpectedError called with each unexpected 5xx error, after it is logged
   */
  constructor(
    private readonly uploadLimitBytes?: number,
    private readonly bodyLimitBytes?: number,
    private readonly reportUnexpectedError?: UnexpectedErrorReporter,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<FastifyRequest>();
    const reply = context.getResponse<FastifyReply>();
    const language = pickLanguage(request.headers['accept-language']);
    const resolved = this.resolve(exception, request);
    const entry = ERROR_CATALOG[resolved.code];
    const status = resolved.status ?? entry.status;
    const body: ProblemDetails = {
      type: problemType(resolved.code),
      title: entry.title,
      status,
      detail: formatDetail(resolved.code, language, resolved.params),
      instance: request.url.split('?')[0] ?? '/',
      code: resolved.code,
      requestId: String(request.id),
    };
    if (resolved.fieldErrors.length > 0) {
      body.errors = resolved.fieldErrors.map((error) => localizeFieldError(error, language));
    }
    if (resolved.retryAfter !== undefined) {
      void reply.header('retry-after', String(resolved.retryAfter));
    }

    void reply
      .status(status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(body);
  }

  private resolve(
    exception: unknown,
    request: FastifyRequest,
  ): {
    code: ErrorCode;
    status?: number;
    params: Record<string, string | number>;
    fieldErrors: FieldError[];
    retryAfter?: number;
  } {
    if (exception instanceof DomainError) {
      const retryAfter = exception.params.retryAfter;

      return {
        code: exception.code,
        params: exception.params,
        fieldErrors: exception.fieldErrors,
        retryAfter: typeof retryAfter === 'number' ? retryAfter : undefined,
      };
    }
    // Nest wraps Fastify's own 4xx errors (body parsing, multipart limits) in an HttpException.
    const cause = exception instanceof HttpException ? exception.cause : exception;
    if (isFrameworkError(cause)) {
      return this.resolveFrameworkError(cause);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code =
        CODE_BY_STATUS[status] ??
        (status >= 500 ? ErrorCode.InternalError : ErrorCode.MalformedRequest);
      if (status >= 500) {
        this.logger.error(
          `request ${String(request.id)} failed: ${exception.message}`,
          exception.stack,
        );
        this.report(exception, request);
      }

      return { code, status, params: { reason: exception.message }, fieldErrors: [] };
    }
    this.logger.error(
      `request ${String(request.id)} ${request.method} ${request.url.split('?')[0]} failed: ${String(exception)}`,
      exception instanceof Error ? exception.stack : undefined,
    );
    this.report(exception, request);

    return { code: ErrorCode.InternalError, params: {}, fieldErrors: [] };
  }

  private report(exception: unknown, request: FastifyRequest): void {
    this.reportUnexpectedError?.(exception, {
      requestId: String(request.id),
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
    });
  }

  private resolveFrameworkError(error: FrameworkError): {
    code: ErrorCode;
    status?: number;
    params: Record<string, string | number>;
    fieldErrors: FieldError[];
  } {
    if (
      error instanceof SyntaxError ||
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
    ) {
      return { code: ErrorCode.MalformedJson, params: {}, fieldErrors: [] };
    }
    const code = CODE_BY_STATUS[error.statusCode] ?? ErrorCode.MalformedRequest;
    // Fastify returns 403 for a static path that escapes its root. To the client that path does not exist.
    if (error.statusCode === 403) {
      return { code: ErrorCode.RouteNotFound, status: 404, params: {}, fieldErrors: [] };
    }
    const configured =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? this.bodyLimitBytes : this.uploadLimitBytes;
    const limit = configured ?? /(\d+)/.exec(error.message)?.[1] ?? '?';

    return {
      code,
      status: CODE_BY_STATUS[error.statusCode] ? undefined : error.statusCode,
      params: { reason: error.message, limit },
      fieldErrors: [],
    };
  }
}
