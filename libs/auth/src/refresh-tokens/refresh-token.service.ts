import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { DomainError, ErrorCode } from '@fisiorag/common';
import { AppConfig } from '@fisiorag/config';
import { TenantDatabase, queryRows } from '@fisiorag/database';

import { AuditLogRepository } from '../audit/audit-log.repository';
import type { Principal, UserRole } from '../principal';
import { generateOpaqueSecret, sha256Hex } from '../tokens/opaque-secret';
import { isUuid } from '../tokens/token-claims';
import { RefreshTokensRepository } from './refresh-tokens.repository';

export interface IssuedRefreshToken {
  refreshToken: string;
  /** Lifetime of the refresh token, in seconds. */
  refreshExpiresIn: number;
}

type RotationOutcome =
  | { kind: 'rotated'; principal: Principal; next: IssuedRefreshToken }
  | { kind: 'unknown' | 'expired' | 'inactive' | 'revoked' }
  | { kind: 'reused'; familyId: string; revoked: number };

/** `<tenant id>.<43 base64url characters>`: the tenant part selects the row-level security scope. */
const REFRESH_TOKEN_PATTERN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

/**
 * Opaque refresh tokens: 256 random bits stored as SHA-256, rotated on every use. Each
 * login starts a family. A token presented again after its rotation has leaked, so the
 * whole family is revoked and the legitimate holder has to log in again.
 */
@Injectable()
export class RefreshTokenService {
  private readonly logger = new Logger(RefreshTokenService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly tenantDb: TenantDatabase,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly auditLog: AuditLogRepository,
  ) {}

  /** Starts a new family for a user who just proved their password. */
  issue(principal: Principal): Promise<IssuedRefreshToken> {
    return this.tenantDb.run(principal.tenantId, (manager) =>
      this.insert(manager, principal, randomUUID()),
    );
  }

  /** Exchanges a refresh token for its successor and the principal it belongs to. */
  async rotate(rawToken: string): Promise<{ principal: Principal; next: IssuedRefreshToken }> {
    const parsed = parseRefreshToken(rawToken);
    if (!parsed) {
      throw new DomainError(ErrorCode.InvalidRefreshToken);
    }
    // The transaction commits the family revocation of a reused token before the 401.
    const outcome = await this.tenantDb.run(parsed.tenantId, (manager) =>
      this.rotateInTransaction(manager, parsed.tenantId, sha256Hex(rawToken)),
    );
    if (outcome.kind === 'rotated') {
      return { principal: outcome.principal, next: outcome.next };
    }
    if (outcome.kind === 'reused') {
      this.logger.warn(
        `refresh token reuse in family ${outcome.familyId} of tenant ${parsed.tenantId}: revoked ${outcome.revoked} token(s)`,
      );
    } else {
      this.logger.debug(`refresh rejected for tenant ${parsed.tenantId}: ${outcome.kind}`);
    }
    throw new DomainError(ErrorCode.InvalidRefreshToken);
  }

  /** Revokes the family of a refresh token (logout); unknown tokens are ignored. */
  async revoke(rawToken: string): Promise<void> {
    const parsed = parseRefreshToken(rawToken);
    if (!parsed) {
      return;
    }
    await this.tenantDb.run(parsed.tenantId, async (manager) => {
      const record = await this.refreshTokens.findByHashForUpdate(manager, sha256Hex(rawToken));
      if (record) {
        await this.refreshTokens.revokeFamily(manager, record.familyId);
      }
    });
  }

  /** Revokes every refresh token of a user, inside the caller's transaction. */
  revokeAllOfUser(manager: EntityManager, userId: string): Promise<number> {
    return this.refreshTokens.revokeAllOfUser(manager, userId);
  }

  private async rotateInTransaction(
    manager: EntityManager,
    tenantId: string,
    tokenHash: string,
  ): Promise<RotationOutcome> {
    const record = await this.refreshTokens.findByHashForUpdate(manager, tokenHash);
    if (!record) {
      return { kind: 'unknown' };
    }
    if (record.usedAt) {
      const revoked = await this.refreshTokens.revokeFamily(manager, record.familyId);
      // Only the first replay revokes anything; later ones would only flood the log.
      if (revoked > 0) {
        await this.auditLog.record(manager, tenantId, undefined, {
          action: 'session.refresh_token_reused',
          targetType: 'user',
          targetId: record.userId,
          details: { familyId: record.familyId, revokedTokens: revoked },
        });
      }

      return { kind: 'reused', familyId: record.familyId, revoked };
    }
    if (record.revokedAt) {
      return { kind: 'revoked' };
    }
    if (record.expiresAt.getTime() <= Date.now()) {
      return { kind: 'expired' };
    }
    const role = await activeUserRole(manager, tenantId, record.userId);
    if (!role) {
      await this.refreshTokens.revokeFamily(manager, record.familyId);

      return { kind: 'inactive' };
    }
    await this.refreshTokens.markUsed(manager, record.id);
    const principal: Principal = { userId: record.userId, tenantId, role };
    const next = await this.insert(manager, principal, record.familyId);

    return { kind: 'rotated', principal, next };
  }

  private async insert(
    manager: EntityManager,
    principal: Principal,
    familyId: string,
  ): Promise<IssuedRefreshToken> {
    // NOTE: the lifetime restarts at every rotation, so a family used at least once per
    // JWT_REFRESH_TOKEN_TTL has no absolute end. Logout, reuse, a new password, disabling
    // or deleting the user, or suspending the tenant ends it.
    const lifetime = this.config.env.JWT_REFRESH_TOKEN_TTL;
    const refreshToken = `${principal.tenantId}.${generateOpaqueSecret()}`;
    await this.refreshTokens.insert(manager, {
      tenantId: principal.tenantId,
      userId: principal.userId,
      familyId,
      tokenHash: sha256Hex(refreshToken),
      expiresAt: new Date(Date.now() + lifetime * 1000),
    });

    return { refreshToken, refreshExpiresIn: lifetime };
  }
}

function parseRefreshToken(raw: string): { tenantId: string } | undefined {
  const match = REFRESH_TOKEN_PATTERN.exec(raw);
  const tenantId = match?.[1];

  return tenantId && isUuid(tenantId) ? { tenantId } : undefined;
}

/** Returns the user's current role, or undefined when the user is disabled or the tenant suspended. */
async function activeUserRole(
  manager: EntityManager,
  tenantId: string,
  userId: string,
): Promise<UserRole | undefined> {
  const rows = await queryRows<{ role: UserRole }>(
    manager,
    `SELECT u.role FROM users u JOIN tenants t ON t.id = u.tenant_id
      WHERE u.id = $1 AND t.id = $2 AND u.disabled_at IS NULL AND t.status = 'active'`,
    [userId, tenantId],
  );

  return rows[0]?.role;
}
