import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { APP_ROLE, TENANT_SETTING } from './database-roles';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one unit of work for tenant data. Each call opens a transaction, switches to the
 * application role (so row-level security applies even to a superuser login, as in
 * embedded mode) and sets the tenant transaction-locally, so a pooled connection never
 * carries it into another request.
 *
 * Work inside a transaction must not wait on another connection: the embedded PGlite
 * holds other connections' statements until this transaction ends.
 */
@Injectable()
export class TenantDatabase {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(tenantId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!UUID_PATTERN.test(tenantId)) {
      throw new TypeError(`tenant id must be a UUID, got ${JSON.stringify(tenantId)}`);
    }

    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('role', $1, true), set_config($2, $3, true)`, [
        APP_ROLE,
        TENANT_SETTING,
        tenantId,
      ]);

      return work(manager);
    });
  }

  /**
   * Runs work as the application role with no tenant set: tenant-owned tables show no
   * rows, only the `tenants` registry is readable (login by tenant slug, provisioning).
   */
  runWithoutTenant<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('role', $1, true)`, [APP_ROLE]);

      return work(manager);
    });
  }
}
