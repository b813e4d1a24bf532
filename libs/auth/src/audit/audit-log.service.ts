import { Injectable } from '@nestjs/common';

import { TenantDatabase } from '@fisiorag/database';

import type { Principal } from '../principal';
import { type AuditEntry, AuditLogRepository } from './audit-log.repository';

@Injectable()
export class AuditLogService {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly auditLog: AuditLogRepository,
  ) {}

  list(
    principal: Principal,
    page: number,
    pageSize: number,
  ): Promise<{ items: AuditEntry[]; total: number }> {
    return this.tenantDb.run(principal.tenantId, (manager) =>
      this.auditLog.list(manager, page, pageSize),
    );
  }
}
