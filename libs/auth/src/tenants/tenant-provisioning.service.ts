import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';
import { isEmail } from 'class-validator';

import { DomainError, ErrorCode } from '@fisiorag/common';
import { TenantDatabase } from '@fisiorag/database';

import { AuditLogRepository } from '../audit/audit-log.repository';
import type { Actor } from '../guards/current-actor.decorator';
import { PasswordHasher } from '../users/password-hasher';
import { UsersRepository } from '../users/users.repository';
import { type Tenant, TenantsRepository } from './tenants.repository';
import { isUniqueViolation } from './unique-violation';

export interface NewTenant {
  slug: string;
  name: string;
  defaultLanguage?: 'it' | 'en';
  adminEmail: string;
  adminPassword: string;
}

export const TENANT_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Creates a tenant together with its first admin, in one transaction. */
@Injectable()
export class TenantProvisioningService {
  private readonly logger = new Logger(TenantProvisioningService.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly tenants: TenantsRepository,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly auditLog: AuditLogRepository,
  ) {}

  /** `actor` is the platform admin of an API request; the CLI and the demo seeder pass none. */
  async createTenantWithAdmin(input: NewTenant, actor?: Actor): Promise<Tenant> {
    if (!TENANT_SLUG_PATTERN.test(input.slug)) {
      throw new Error(
        `tenant slug ${JSON.stringify(input.slug)} is invalid: use 2-63 lowercase letters, digits or hyphens`,
      );
    }
    if (!isEmail(input.adminEmail) || input.adminEmail.length > 254) {
      throw new Error(
        `admin email ${JSON.stringify(input.adminEmail)} is not a valid email address`,
      );
    }
    if (input.name.trim().length === 0 || input.name.length > 200) {
      throw new Error('the tenant name must be 1 to 200 characters long');
    }
    if (input.adminPassword.length < 12) {
      throw new Error('the admin password must be at least 12 characters long');
    }
    const passwordHash = await this.hasher.hash(input.adminPassword);
    const tenantId = randomUUID();
    const tenant = await this.tenantDb
      .run(tenantId, async (manager) => {
        if (await this.tenants.findBySlug(manager, input.slug)) {
          throw new DomainError(ErrorCode.Conflict, { reason: `tenant ${input.slug}` });
        }
        const created = await this.tenants.create(manager, {
          id: tenantId,
          slug: input.slug,
          name: input.name,
          defaultLanguage: input.defaultLanguage,
        });
        const admin = await this.users.create(manager, tenantId, {
          email: input.adminEmail,
          passwordHash,
          role: 'admin',
        });
        await this.auditLog.record(manager, tenantId, actor, {
          action: 'tenant.created',
          targetType: 'tenant',
          targetId: tenantId,
          details: { slug: created.slug, adminUserId: admin.id, adminEmail: admin.email },
        });

        return created;
      })
      .catch((error: unknown) => {
        // A concurrent request took the slug between the check and the insert.
        throw isUniqueViolation(error)
          ? new DomainError(ErrorCode.Conflict, { reason: `tenant ${input.slug}` })
          : error;
      });
    this.logger.log(`tenant ${tenant.id} (${tenant.slug}) created with its first admin`);

    return tenant;
  }

  async countTenants(): Promise<number> {
    return this.tenantDb.runWithoutTenant((manager) => this.tenants.count(manager));
  }
}
