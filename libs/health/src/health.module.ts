import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { AppConfig } from '@fisiorag/config';
import { DatabaseRuntime } from '@fisiorag/database';

import { DatabaseRolesProbe } from './database-roles.probe';
import { DatabaseProbe } from './database.probe';
import { DependencyProbes } from './dependency-probe';
import { HealthController } from './health.controller';
import { ReadinessService } from './readiness.service';
import { RedisProbe } from './redis.probe';
import { ShutdownState } from './shutdown-state';

/**
 * Liveness, readiness and the health report. Readiness requires PostgreSQL (and safe database
 * roles), and Redis when REDIS_URL is set; other libs add their dependencies to DependencyProbes.
 */
@Module({
  // ReadinessService logs each change of a dependency's status, so terminus' own log of every
  // failed check is off.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [DependencyProbes, ReadinessService, ShutdownState],
  exports: [DependencyProbes, ShutdownState],
})
export class HealthModule implements OnModuleInit, OnApplicationShutdown {
  private redisProbe?: RedisProbe;

  constructor(
    private readonly probes: DependencyProbes,
    @Inject(DatabaseRuntime) private readonly runtime: DatabaseRuntime,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.probes.add(new DatabaseProbe(this.runtime));
    this.probes.add(new DatabaseRolesProbe(this.runtime));
    if (this.config.env.REDIS_URL) {
      this.redisProbe = new RedisProbe(this.config.env.REDIS_URL);
      this.probes.add(this.redisProbe);
    }
  }

  onApplicationShutdown(): void {
    this.redisProbe?.close();
  }
}
