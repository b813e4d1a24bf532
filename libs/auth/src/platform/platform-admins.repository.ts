import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { queryRows } from '@fisiorag/database';

export interface PlatformAdmin {
  id: string;
  email: string;
  passwordHash: string;
  disabled: boolean;
}

interface PlatformAdminRow {
  id: string;
  email: string;
  password_hash: string;
  disabled_at: Date | null;
}

function toPlatformAdmin(row: PlatformAdminRow): PlatformAdmin {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    disabled: row.disabled_at !== null,
  };
}

/** SQL for `platform_admins`, which belongs to no tenant; used outside any tenant context. */
@Injectable()
export class PlatformAdminsRepository {
  async findByEmail(manager: EntityManager, email: string): Promise<PlatformAdmin | undefined> {
    const rows = await queryRows<PlatformAdminRow>(
      manager,
      `SELECT id, email, password_hash, disabled_at FROM platform_admins WHERE email = $1`,
      [email.toLowerCase()],
    );

    return rows[0] ? toPlatformAdmin(rows[0]) : undefined;
  }

  async findById(manager: EntityManager, id: string): Promise<PlatformAdmin | undefined> {
    const rows = await queryRows<PlatformAdminRow>(
      manager,
      `SELECT id, email, password_hash, disabled_at FROM platform_admins WHERE id = $1`,
      [id],
    );

    return rows[0] ? toPlatformAdmin(rows[0]) : undefined;
  }

  async create(
    manager: EntityManager,
    admin: { email: string; passwordHash: string },
  ): Promise<PlatformAdmin> {
    const rows = await queryRows<PlatformAdminRow>(
      manager,
      `INSERT INTO platform_admins (email, password_hash) VALUES ($1, $2)
       RETURNING id, email, password_hash, disabled_at`,
      [admin.email.toLowerCase(), admin.passwordHash],
    );

    return toPlatformAdmin(rows[0] as PlatformAdminRow);
  }
}
