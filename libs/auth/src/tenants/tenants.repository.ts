import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { queryRows } from '@fisiorag/database';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  defaultLanguage: 'it' | 'en';
  status: 'active' | 'suspended';
}

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  default_language: 'it' | 'en';
  status: 'active' | 'suspended';
}

const COLUMNS = 'id, slug, name, default_language, status';

function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    defaultLanguage: row.default_language,
    status: row.status,
  };
}

/** SQL for the `tenants` registry, which has no `tenant_id` and no row-level policy. */
@Injectable()
export class TenantsRepository {
  async findBySlug(manager: EntityManager, slug: string): Promise<Tenant | undefined> {
    const rows = await queryRows<TenantRow>(
      manager,
      `SELECT ${COLUMNS} FROM tenants WHERE slug = $1`,
      [slug],
    );

    return rows[0] ? toTenant(rows[0]) : undefined;
  }

  async findById(manager: EntityManager, id: string): Promise<Tenant | undefined> {
    const rows = await queryRows<TenantRow>(
      manager,
      `SELECT ${COLUMNS} FROM tenants WHERE id = $1`,
      [id],
    );

    return rows[0] ? toTenant(rows[0]) : undefined;
  }

  async count(manager: EntityManager): Promise<number> {
    const rows = await queryRows<{ count: string }>(
      manager,
      `SELECT count(*) AS count FROM tenants`,
    );

    return Number(rows[0]?.count ?? 0);
  }

  async create(
    manager: EntityManager,
    tenant: { id: string; slug: string; name: string },
  ): Promise<Tenant> {
    const rows = await queryRows<TenantRow>(
      manager,
      `INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [tenant.id, tenant.slug, tenant.name],
    );

    return toTenant(rows[0] as TenantRow);
  }
}
