import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Histogram } from 'prom-client';

import { AppConfig } from '@fisiorag/config';

import { ActiveUsersTracker } from './active-users.tracker';
import { METRIC_NAMES, UNMATCHED_ROUTE } from './metric-names';

type HttpLabels = 'method' | 'route' | 'status_code';

/** The principal that the JWT guard puts on an authenticated request. */
interface AuthenticatedRequest {
  user?: { tenantId?: unknown; userId?: unknown };
}

/**
 * Times every HTTP request of the public listener and marks its user as active. The `route`
 * label is the route template (`/api/v1/documents/:id`), or `unmatched` for a URL that matches
 * no route, so neither ids nor probing for unknown paths add label values.
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  constructor(
    @InjectMetric(METRIC_NAMES.httpRequestDuration)
    private readonly duration: Histogram<HttpLabels>,
    private readonly activeUsers: ActiveUsersTracker,
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!this.config.env.PROMETHEUS_ENABLED || !adapter) {
      return;
    }
    // Nest registers the routes during init but Fastify builds each route's hook list when it
    // becomes ready at listen(), so this root hook still applies to every route.
    adapter
      .getInstance<FastifyInstance>()
      .addHook('onResponse', async (request, reply) => this.record(request, reply));
  }

  private record(request: FastifyRequest, reply: FastifyReply): void {
    this.duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    const user = (request as AuthenticatedRequest).user;
    if (typeof user?.tenantId === 'string' && typeof user.userId === 'string') {
      this.activeUsers.markActive(user.tenantId, user.userId);
    }
  }
}
