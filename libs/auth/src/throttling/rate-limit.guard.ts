import { type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerRequest,
} from '@nestjs/throttler';

import { DomainError, ErrorCode } from '@fisiorag/common';

import { userOrIpTracker } from './rate-limit-trackers';

/** Logs rejections at most this often per throttler, with the count of the ones in between. */
const REJECTION_LOG_INTERVAL_MS = 10_000;

/**
 * The global throttler guard. It is registered after the JWT guard, so an authenticated request
 * is counted per user and an anonymous one per client IP. Over a limit it raises
 * TOO_MANY_REQUESTS, which the problem-details filter turns into a 429 with `Retry-After`.
 *
 * NOTE: a request that the JWT guard rejects never reaches this guard, so bad tokens are not
 * counted; only the cost of one HMAC check bounds them.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override logger = new Logger(RateLimitGuard.name);
  private readonly rejections = new Map<string, { count: number; loggedAt: number }>();

  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    return Promise.resolve(userOrIpTracker(request));
  }

  /** Drops the library's `Retry-After-<throttler>` headers; the 429 carries the standard one. */
  protected override setResponseHeader(
    response: Record<string, unknown>,
    name: string,
    value: string | number,
  ): void {
    if (!name.startsWith('Retry-After')) {
      super.setResponseHeader(response, name, value);
    }
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    try {
      return await super.handleRequest(request);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.TooManyRequests) {
        await this.logRejection(request, Number(error.params.retryAfter));
      }
      throw error;
    }
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);

    return Promise.reject(new DomainError(ErrorCode.TooManyRequests, { retryAfter }));
  }

  private async logRejection(request: ThrottlerRequest, retryAfter: number): Promise<void> {
    const name = request.throttler.name ?? 'default';
    const now = Date.now();
    const entry = this.rejections.get(name) ?? { count: 0, loggedAt: 0 };
    entry.count += 1;
    this.rejections.set(name, entry);
    if (now - entry.loggedAt < REJECTION_LOG_INTERVAL_MS) {
      return;
    }
    const http = request.context.switchToHttp().getRequest<Record<string, unknown>>();
    const tracker = await request.getTracker(http, request.context);
    const route = `${String(http.method)} ${String(http.url).split('?')[0]}`;
    this.logger.warn(
      `rate limit ${name} (${request.limit} per ${request.ttl / 1000} s) rejected ` +
        `${entry.count} request(s) since the last report; latest from ${tracker} on ${route}, ` +
        `retry after ${retryAfter} s`,
    );
    entry.count = 0;
    entry.loggedAt = now;
  }
}
