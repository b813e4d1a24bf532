import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { queryRows } from '@fisiorag/database';

export type TenantStatus = 'active' | 'suspended';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  defaultLanguage: 'it' | 'en';
  status: TenantStatus;
  createdAt: Date;
  updatedAt: Date;
}

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  default_language: 'it' | 'en';
  status: TenantStatus;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, slug, name, default_language, status, created_at, updated_at';

function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    defaultLanguage: row.default_language,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
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

  /** Returns one page ordered by slug. */
  async list(
    manager: EntityManager,
    page: number,
    pageSize: number,
  ): Promise<{ items: Tenant[]; total: number }> {
    const rows = await queryRows<TenantRow>(
      manager,
      `SELECT ${COLUMNS} FROM tenants ORDER BY slug LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    );

    return { items: rows.map(toTenant), total: await this.count(manager) };
  }

  async create(
    manager: EntityManager,
    tenant: { id: string; slug: string; name: string; defaultLanguage?: 'it' | 'en' },
  ): Promise<Tenant> {
    const rows = await queryRows<TenantRow>(
      manager,
      `INSERT INTO tenants (id, slug, name, default_language) VALUES ($1, $2, $3, $4)
       RETURNING ${COLUMNS}`,
      [tenant.id, tenant.slug, tenant.name, tenant.defaultLanguage ?? 'it'],
    );

    return toTenant(rows[0] as TenantRow);
  }

  async setStatus(
    manager: EntityManager,
    id: string,
    status: TenantStatus,
  ): Promise<Tenant | undefined> {
    const rows = await queryRows<TenantRow>(
      manager,
      `UPDATE tenants SET status = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, status],
    );

    return rows[0] ? toTenant(rows[0]) : undefined;
  }

  /** Deletes the tenant; foreign keys cascade to every tenant-owned row. */
  async delete(manager: EntityManager, id: string): Promise<Tenant | undefined> {
    const rows = await queryRows<TenantRow>(
      manager,
      `DELETE FROM tenants WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );

    return rows[0] ? toTenant(rows[0]) : undefined;
  }
}
