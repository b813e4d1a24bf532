import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { queryRows } from '@fisiorag/database';

import type { Actor } from '../guards/current-actor.decorator';
import { isPlatformAdmin } from '../principal';

export type AuditActorType = 'user' | 'platform_admin' | 'access_code' | 'external' | 'system';

export interface AuditEntry {
  id: string;
  actorType: AuditActorType;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
  createdAt: Date;
}

export interface NewAuditEntry {
  action: string;
  targetType: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

interface AuditRow {
  id: string;
  actor_type: AuditActorType;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
  request_id: string | null;
  created_at: Date;
}

const COLUMNS =
  'id, actor_type, actor_id, action, target_type, target_id, details, request_id, created_at';

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    details: row.details,
    requestId: row.request_id,
    createdAt: row.created_at,
  };
}

function actorColumns(actor: Actor | undefined): [AuditActorType, string | null] {
  if (!actor) {
    return ['system', null];
  }
  const caller = actor.caller;
  if (isPlatformAdmin(caller)) {
    return ['platform_admin', caller.adminId];
  }
  if (caller.accessCodeId) {
    return ['access_code', caller.accessCodeId];
  }

  return [caller.externalIssuer ? 'external' : 'user', caller.userId];
}

/**
 * SQL for `audit_log`. Entries are written in the transaction of the action they record,
 * so an action and its entry commit or roll back together. The application role may
 * insert and read entries but not change or delete them.
 */
@Injectable()
export class AuditLogRepository {
  /** Appends an entry; an undefined actor is the system itself (for example reuse detection). */
  async record(
    manager: EntityManager,
    tenantId: string,
    actor: Actor | undefined,
    entry: NewAuditEntry,
  ): Promise<void> {
    const [actorType, actorId] = actorColumns(actor);
    await queryRows(
      manager,
      `INSERT INTO audit_log
         (tenant_id, actor_type, actor_id, action, target_type, target_id, details, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        tenantId,
        actorType,
        actorId,
        entry.action,
        entry.targetType,
        entry.targetId ?? null,
        JSON.stringify(entry.details ?? {}),
        actor?.requestId ?? null,
      ],
    );
  }

  /** Returns one page, newest first. */
  async list(
    manager: EntityManager,
    page: number,
    pageSize: number,
  ): Promise<{ items: AuditEntry[]; total: number }> {
    const rows = await queryRows<AuditRow>(
      manager,
      `SELECT ${COLUMNS} FROM audit_log ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    );
    const count = await queryRows<{ total: string }>(
      manager,
      `SELECT count(*) AS total FROM audit_log`,
    );

    return { items: rows.map(toEntry), total: Number(count[0]?.total ?? 0) };
  }
}
