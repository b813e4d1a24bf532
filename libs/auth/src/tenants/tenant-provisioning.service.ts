import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';

import { DomainError, ErrorCode } from '@fisiorag/common';
import { TenantDatabase } from '@fisiorag/database';

import { PasswordHasher } from '../users/password-hasher';
import { UsersRepository } from '../users/users.repository';
import { type Tenant, TenantsRepository } from './tenants.repository';

export interface NewTenant {
  slug: string;
  name: string;
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
  ) {}

  async createTenantWithAdmin(input: NewTenant): Promise<Tenant> {
    if (!TENANT_SLUG_PATTERN.test(input.slug)) {
      throw new Error(
        `tenant slug ${JSON.stringify(input.slug)} is invalid: use 2-63 lowercase letters, digits or hyphens`,
      );
    }
    if (input.adminPassword.length < 12) {
      throw new Error('the admin password must be at least 12 characters long');
    }
    const passwordHash = await this.hasher.hash(input.adminPassword);
    const tenantId = randomUUID();
    const tenant = await this.tenantDb.run(tenantId, async (manager) => {
      if (await this.tenants.findBySlug(manager, input.slug)) {
        throw new DomainError(ErrorCode.Conflict, { reason: `tenant ${input.slug}` });
      }
      const created = await this.tenants.create(manager, {
        id: tenantId,
        slug: input.slug,
        name: input.name,
      });
      await this.users.create(manager, tenantId, {
        email: input.adminEmail,
        passwordHash,
        role: 'admin',
      });

      return created;
    });
    this.logger.log(`tenant ${tenant.id} (${tenant.slug}) created with its first admin`);

    return tenant;
  }

  async countTenants(): Promise<number> {
    return this.tenantDb.runWithoutTenant((manager) => this.tenants.count(manager));
  }
}
