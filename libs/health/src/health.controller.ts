import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';

import { Public } from '@fisiorag/auth';

import { ReadinessService } from './readiness.service';

/**
 * Kubernetes probes and the operator's health report. A failed check returns 503 with the same
 * JSON report as a passed one (terminus' `status`, `info`, `error`, `details`), not with
 * problem+json, so the probe body always names the dependency that failed.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('live')
  @ApiOperation({
    operationId: 'checkLiveness',
    summary: 'Liveness: the process serves HTTP; checks no dependency',
  })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    operationId: 'checkReadiness',
    summary: 'Readiness: every required dependency answers and no shutdown is under way',
  })
  ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    return this.report(reply);
  }

  @Get()
  @HealthCheck()
  @ApiOperation({
    operationId: 'checkHealth',
    summary: 'Health report: status and response time in milliseconds of each dependency',
  })
  details(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    return this.report(reply);
  }

  private async report(reply: FastifyReply): Promise<HealthCheckResult> {
    const { ready, report } = await this.readiness.check();
    void reply.status(ready ? 200 : 503);

    return report;
  }
}
