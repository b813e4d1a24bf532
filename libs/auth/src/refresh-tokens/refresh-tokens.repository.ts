import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { queryRows } from '@fisiorag/database';

export interface RefreshTokenRecord {
  id: string;
  tenantId: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

interface RefreshTokenRow {
  id: string;
  tenant_id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

function toRecord(row: RefreshTokenRow): RefreshTokenRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    familyId: row.family_id,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    revokedAt: row.revoked_at,
  };
}

/** SQL for `refresh_tokens`; every call runs inside the tenant unit of work. */
@Injectable()
export class RefreshTokensRepository {
  async insert(
    manager: EntityManager,
    token: {
      tenantId: string;
      userId: string;
      familyId: string;
      tokenHash: string;
      expiresAt: Date;
    },
  ): Promise<void> {
    await queryRows(
      manager,
      `INSERT INTO refresh_tokens (tenant_id, user_id, family_id, token_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [token.tenantId, token.userId, token.familyId, token.tokenHash, token.expiresAt],
    );
  }

  /** Locks the row, so two concurrent rotations of one token cannot both succeed. */
  async findByHashForUpdate(
    manager: EntityManager,
    tokenHash: string,
  ): Promise<RefreshTokenRecord | undefined> {
    const rows = await queryRows<RefreshTokenRow>(
      manager,
      `SELECT id, tenant_id, user_id, family_id, expires_at, used_at, revoked_at
         FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
      [tokenHash],
    );

    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async markUsed(manager: EntityManager, id: string): Promise<void> {
    await queryRows(manager, `UPDATE refresh_tokens SET used_at = now() WHERE id = $1`, [id]);
  }

  /** Revokes every token of a family that is still unrevoked; returns how many. */
  async revokeFamily(manager: EntityManager, familyId: string): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE family_id = $1 AND revoked_at IS NULL RETURNING id`,
      [familyId],
    );

    return rows.length;
  }

  async revokeAllOfUser(manager: EntityManager, userId: string): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId],
    );

    return rows.length;
  }
}
