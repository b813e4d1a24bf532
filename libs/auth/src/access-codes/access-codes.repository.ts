import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { queryRows } from '@fisiorag/database';

import type { UserRole } from '../principal';

export type AccessCodeRole = Extract<UserRole, 'member' | 'student'>;

export interface AccessCode {
  id: string;
  label: string;
  role: AccessCodeRole;
  maxUses: number;
  useCount: number;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
}

interface AccessCodeRow {
  id: string;
  label: string;
  role: AccessCodeRole;
  max_uses: number;
  use_count: number;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_by: string | null;
  created_at: Date;
}

const COLUMNS =
  'id, label, role, max_uses, use_count, expires_at, revoked_at, last_used_at, created_by, created_at';

function toAccessCode(row: AccessCodeRow): AccessCode {
  return {
    id: row.id,
    label: row.label,
    role: row.role,
    maxUses: row.max_uses,
    useCount: row.use_count,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** SQL for `access_codes`; every call runs inside the tenant unit of work. */
@Injectable()
export class AccessCodesRepository {
  async create(
    manager: EntityManager,
    tenantId: string,
    code: {
      label: string;
      role: AccessCodeRole;
      codeHash: string;
      maxUses: number;
      expiresAt: Date;
      createdBy: string;
    },
  ): Promise<AccessCode> {
    const rows = await queryRows<AccessCodeRow>(
      manager,
      `INSERT INTO access_codes (tenant_id, label, role, code_hash, max_uses, expires_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        tenantId,
        code.label,
        code.role,
        code.codeHash,
        code.maxUses,
        code.expiresAt,
        code.createdBy,
      ],
    );

    return toAccessCode(rows[0] as AccessCodeRow);
  }

  /** Returns one page, newest first. */
  async list(
    manager: EntityManager,
    page: number,
    pageSize: number,
  ): Promise<{ items: AccessCode[]; total: number }> {
    const rows = await queryRows<AccessCodeRow>(
      manager,
      `SELECT ${COLUMNS} FROM access_codes ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    );
    const count = await queryRows<{ total: string }>(
      manager,
      `SELECT count(*) AS total FROM access_codes`,
    );

    return { items: rows.map(toAccessCode), total: Number(count[0]?.total ?? 0) };
  }

  async revoke(manager: EntityManager, id: string): Promise<AccessCode | undefined> {
    const rows = await queryRows<AccessCodeRow>(
      manager,
      `UPDATE access_codes SET revoked_at = COALESCE(revoked_at, now())
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );

    return rows[0] ? toAccessCode(rows[0]) : undefined;
  }

  /**
   * Counts one use of a code that is unrevoked, unexpired and not exhausted, in a single
   * statement, so concurrent exchanges can never exceed `max_uses`.
   */
  async consume(manager: EntityManager, codeHash: string): Promise<AccessCode | undefined> {
    const rows = await queryRows<AccessCodeRow>(
      manager,
      `UPDATE access_codes SET use_count = use_count + 1, last_used_at = now()
        WHERE code_hash = $1 AND revoked_at IS NULL AND expires_at > now() AND use_count < max_uses
        RETURNING ${COLUMNS}`,
      [codeHash],
    );

    return rows[0] ? toAccessCode(rows[0]) : undefined;
  }
}
