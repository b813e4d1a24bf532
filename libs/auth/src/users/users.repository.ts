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
  createdAt: Date;
  updatedAt: Date;
}

/** Fields an admin may change; `undefined` leaves a field as it is. */
export interface UserChanges {
  role?: UserRole;
  displayName?: string | null;
  disabled?: boolean;
  passwordHash?: string;
}

interface UserRow {
  id: string;
  tenant_id: string;
  email: string;
  password_hash: string;
  role: UserRole;
  display_name: string | null;
  disabled_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, tenant_id, email, password_hash, role, display_name, disabled_at, created_at, updated_at';

function toUser(row: UserRow): User {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    passwordHash: row.password_hash,
    role: row.role,
    displayName: row.display_name,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
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

  /** Returns one page ordered by email. */
  async list(
    manager: EntityManager,
    page: number,
    pageSize: number,
  ): Promise<{ items: User[]; total: number }> {
    const rows = await queryRows<UserRow>(
      manager,
      `SELECT ${COLUMNS} FROM users ORDER BY email, id LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    );
    const count = await queryRows<{ total: string }>(
      manager,
      `SELECT count(*) AS total FROM users`,
    );

    return { items: rows.map(toUser), total: Number(count[0]?.total ?? 0) };
  }

  async create(
    manager: EntityManager,
    tenantId: string,
    user: { email: string; passwordHash: string; role: UserRole; displayName?: string | null },
  ): Promise<User> {
    const rows = await queryRows<UserRow>(
      manager,
      `INSERT INTO users (tenant_id, email, password_hash, role, display_name)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [tenantId, user.email.toLowerCase(), user.passwordHash, user.role, user.displayName ?? null],
    );

    return toUser(rows[0] as UserRow);
  }

  async update(
    manager: EntityManager,
    id: string,
    changes: UserChanges,
  ): Promise<User | undefined> {
    const rows = await queryRows<UserRow>(
      manager,
      `UPDATE users SET
         role = COALESCE($2, role),
         display_name = CASE WHEN $3::boolean THEN $4 ELSE display_name END,
         disabled_at = CASE
           WHEN $5::boolean IS NULL THEN disabled_at
           WHEN $5::boolean THEN COALESCE(disabled_at, now())
           ELSE NULL
         END,
         password_hash = COALESCE($6, password_hash),
         updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        changes.role ?? null,
        changes.displayName !== undefined,
        changes.displayName ?? null,
        changes.disabled ?? null,
        changes.passwordHash ?? null,
      ],
    );

    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async delete(manager: EntityManager, id: string): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `DELETE FROM users WHERE id = $1 RETURNING id`,
      [id],
    );

    return rows.length === 1;
  }
}
