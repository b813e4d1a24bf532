import { Logger } from '@nestjs/common';

import type { DatabaseRuntime } from '@fisiorag/database';

import { type DependencyProbe, ProbeError } from './dependency-probe';

/** A passed role check stays valid this long; roles change only by an operator's hand. */
const ROLE_RECHECK_MS = 60_000;

/**
 * Fails readiness when the application's database role could read past row-level security
 * (superuser, BYPASSRLS, owner of the tables). The catalog query runs on the pool, so at most one
 * runs at a time, and a pass is reused for a minute: on a hung server only one pool connection
 * waits for it.
 */
export class DatabaseRolesProbe implements DependencyProbe {
  readonly name = 'database_roles';
  readonly timeoutMs = 2000;
  private readonly logger = new Logger(DatabaseRolesProbe.name);
  private passedAt = Number.NEGATIVE_INFINITY;
  private inFlight?: Promise<string[]>;

  constructor(private readonly runtime: DatabaseRuntime) {}

  async probe(): Promise<void> {
    if (Date.now() - this.passedAt < ROLE_RECHECK_MS) {
      return;
    }
    this.inFlight ??= this.runtime.findRoleProblems().finally(() => {
      this.inFlight = undefined;
    });
    const problems = await this.inFlight;
    if (problems.length > 0) {
      this.logger.error(`database roles bypass row-level security: ${problems.join('; ')}`);
      throw new ProbeError('the database role bypasses row-level security; see the log');
    }
    this.passedAt = Date.now();
  }
}
