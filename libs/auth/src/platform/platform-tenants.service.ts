import { Injectable, Logger } from '@nestjs/common';

import { DomainError, ErrorCode } from '@fisiorag/common';
import { TenantDatabase } from '@fisiorag/database';

import { AuditLogRepository } from '../audit/audit-log.repository';
import type { Actor } from '../guards/current-actor.decorator';
import type { PlatformAdminPrincipal } from '../principal';
import { TenantProvisioningService } from '../tenants/tenant-provisioning.service';
import { type Tenant, type TenantStatus, TenantsRepository } from '../tenants/tenants.repository';
import type { CreateTenantDto, TenantDto } from './dto/tenant.dto';

function toDto(tenant: Tenant): TenantDto {
  return { ...tenant };
}

/** Tenant lifecycle for platform admins: create with a first admin, list, suspend, delete. */
@Injectable()
export class PlatformTenantsService {
  private readonly logger = new Logger(PlatformTenantsService.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly tenants: TenantsRepository,
    private readonly provisioning: TenantProvisioningService,
    private readonly auditLog: AuditLogRepository,
  ) {}

  async create(actor: Actor<PlatformAdminPrincipal>, input: CreateTenantDto): Promise<TenantDto> {
    const tenant = await this.provisioning.createTenantWithAdmin(
      {
        slug: input.slug,
        name: input.name.trim(),
        defaultLanguage: input.defaultLanguage,
        adminEmail: input.adminEmail,
        adminPassword: input.adminPassword,
      },
      actor,
    );

    return toDto(tenant);
  }

  async list(page: number, pageSize: number): Promise<{ items: TenantDto[]; total: number }> {
    const { items, total } = await this.tenantDb.runWithoutTenant((manager) =>
      this.tenants.list(manager, page, pageSize),
    );

    return { items: items.map(toDto), total };
  }

  async get(id: string): Promise<TenantDto> {
    const tenant = await this.tenantDb.runWithoutTenant((manager) =>
      this.tenants.findById(manager, id),
    );
    if (!tenant) {
      throw new DomainError(ErrorCode.TenantNotFound, { slug: id });
    }

    return toDto(tenant);
  }

  /** Suspending blocks every token and login of the tenant at once; its data stays. */
  async setStatus(
    actor: Actor<PlatformAdminPrincipal>,
    id: string,
    status: TenantStatus,
  ): Promise<TenantDto> {
    const tenant = await this.tenantDb.run(id, async (manager) => {
      const updated = await this.tenants.setStatus(manager, id, status);
      if (!updated) {
        throw new DomainError(ErrorCode.TenantNotFound, { slug: id });
      }
      await this.auditLog.record(manager, id, actor, {
        action: status === 'suspended' ? 'tenant.suspended' : 'tenant.activated',
        targetType: 'tenant',
        targetId: id,
      });

      return updated;
    });
    this.logger.log(
      `tenant ${id} (${tenant.slug}) is now ${status}, by platform admin ${actor.caller.adminId}`,
    );

    return toDto(tenant);
  }

  /** Deletes the tenant with all its data, audit log included, so the record is this log line. */
  async delete(actor: Actor<PlatformAdminPrincipal>, id: string): Promise<void> {
    const deleted = await this.tenantDb.run(id, (manager) => this.tenants.delete(manager, id));
    if (!deleted) {
      throw new DomainError(ErrorCode.TenantNotFound, { slug: id });
    }
    this.logger.warn(
      `tenant ${id} (${deleted.slug}) and all its data deleted by platform admin ${actor.caller.adminId}, request ${actor.requestId}`,
    );
  }
}
