import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import {
  type HealthCheckResult,
  HealthCheckService,
  type HealthIndicatorFunction,
  HealthIndicatorService,
} from '@nestjs/terminus';

import type { DependencyProbe } from './dependency-probe';
import { DependencyProbes } from './dependency-probe';
import { describeProbeFailure } from './describe-probe-failure';
import { ShutdownState } from './shutdown-state';

/**
 * Probe results are shared for this long, and concurrent health requests share one in-flight
 * probe, so a flood of unauthenticated probe requests opens at most a few database connections
 * per second. Short enough that an outage still shows within 3 s (cache plus a 2 s probe).
 */
const PROBE_RESULT_TTL_MS = 250;

export interface ReadinessReport {
  ready: boolean;
  report: HealthCheckResult;
}

/** Runs every dependency probe in parallel and logs each dependency that goes down or comes back. */
@Injectable()
export class ReadinessService {
  private readonly logger = new Logger(ReadinessService.name);
  private readonly lastStatus = new Map<string, string>();
  private readonly lastFailure = new Map<string, string>();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly probes: DependencyProbes,
    private readonly shutdown: ShutdownState,
  ) {}

  async check(): Promise<ReadinessReport> {
    if (this.shutdown.isShuttingDown) {
      // Skips the probes: traffic must stop at once, whatever the state of the dependencies.
      return {
        ready: false,
        report: { status: 'shutting_down', info: {}, error: {}, details: {} },
      };
    }
    let result: ReadinessReport;
    try {
      result = { ready: true, report: await this.health.check(this.indicatorFunctions()) };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) {
        throw error;
      }
      result = { ready: false, report: error.getResponse() as HealthCheckResult };
    }
    this.logChanges(result.report);

    return result;
  }

  private indicatorFunctions(): HealthIndicatorFunction[] {
    return this.probes.list().map(
      (probe) => () =>
        this.indicators
          .check(probe.name)
          .attempt(({ signal }) => this.runProbe(probe, signal))
          .withTimeout(probe.timeoutMs)
          .cacheFor(PROBE_RESULT_TTL_MS),
    );
  }

  private async runProbe(probe: DependencyProbe, signal: AbortSignal): Promise<void> {
    // A probe that times out has not thrown when its result is logged, so a cause left from an
    // earlier failure must not be logged with it.
    this.lastFailure.delete(probe.name);
    try {
      await probe.probe(signal);
    } catch (error) {
      this.lastFailure.set(probe.name, error instanceof Error ? error.message : String(error));
      throw new Error(describeProbeFailure(error), { cause: error });
    }
  }

  private logChanges(report: HealthCheckResult): void {
    for (const [name, detail] of Object.entries(report.details)) {
      const previous = this.lastStatus.get(name);
      this.lastStatus.set(name, detail.status);
      if (previous === detail.status || (previous === undefined && detail.status === 'up')) {
        continue;
      }
      if (detail.status === 'up') {
        this.logger.log(`dependency ${name} is up again`);
      } else {
        const reason = String(detail.message ?? 'failed');
        const cause = this.lastFailure.get(name);
        this.logger.warn(
          `dependency ${name} is ${detail.status}: ${reason}${cause && cause !== reason ? ` (${cause})` : ''}`,
        );
      }
    }
  }
}
