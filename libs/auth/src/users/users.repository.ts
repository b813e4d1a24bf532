import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { queryRows } from '@fisiorag/database';

import type { UserRole } from '../principal';

export interface User {
  id: string;
  tenantId: string;
  email: string;
  passwordHash: string;
  role: UserRole;
  displayName: string | null;
  disabled: boolean;
}

interface UserRow {
  id: string;
  tenant_id: string;
  email: string;
  password_hash: string;
  role: UserRole;
  display_name: string | null;
  disabled_at: Date | null;
}

const COLUMNS = 'id, tenant_id, email, password_hash, role, display_name, disabled_at';

function toUser(row: UserRow): User {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    passwordHash: row.password_hash,
    role: row.role,
    displayName: row.display_name,
    disabled: row.disabled_at !== null,
  };
}

/** SQL for `users`; every call runs inside a tenant unit of work, so RLS scopes it. */
@Injectable()
export class UsersRepository {
  async findByEmail(manager: EntityManager, email: string): Promise<User | undefined> {
    const rows = await queryRows<UserRow>(
      manager,
      `SELECT ${COLUMNS} FROM users WHERE email = $1`,
      [email.toLowerCase()],
    );

    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async findById(manager: EntityManager, id: string): Promise<User | undefined> {
    const rows = await queryRows<UserRow>(manager, `SELECT ${COLUMNS} FROM users WHERE id = $1`, [
      id,
    ]);

    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async create(
    manager: EntityManager,
    tenantId: string,
    user: { email: string; passwordHash: string; role: UserRole; displayName?: string },
  ): Promise<User> {
    const rows = await queryRows<UserRow>(
      manager,
      `INSERT INTO users (tenant_id, email, password_hash, role, display_name)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [tenantId, user.email.toLowerCase(), user.passwordHash, user.role, user.displayName ?? null],
    );

    return toUser(rows[0] as UserRow);
  }
}
