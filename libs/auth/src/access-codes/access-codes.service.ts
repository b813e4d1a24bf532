import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';

import { DomainError, ErrorCode } from '@fisiorag/common';
import { TenantDatabase } from '@fisiorag/database';

import { AuditLogRepository } from '../audit/audit-log.repository';
import type { Actor } from '../guards/current-actor.decorator';
import type { Principal } from '../principal';
import { TenantsRepository } from '../tenants/tenants.repository';
import { type IssuedToken, TokenService } from '../tokens/token.service';
import { generateAccessCode, hashAccessCode } from './access-code-secret';
import { type AccessCode, AccessCodesRepository } from './access-codes.repository';
import type {
  AccessCodeDto,
  CreateAccessCodeDto,
  CreatedAccessCodeDto,
  ExchangeAccessCodeDto,
} from './dto/access-code.dto';

function statusOf(code: AccessCode, now = Date.now()): AccessCodeDto['status'] {
  if (code.revokedAt) {
    return 'revoked';
  }
  if (code.expiresAt.getTime() <= now) {
    return 'expired';
  }

  return code.useCount >= code.maxUses ? 'exhausted' : 'active';
}

function toDto(code: AccessCode): AccessCodeDto {
  return {
    id: code.id,
    label: code.label,
    role: code.role,
    maxUses: code.maxUses,
    useCount: code.useCount,
    status: statusOf(code),
    expiresAt: code.expiresAt,
    revokedAt: code.revokedAt,
    lastUsedAt: code.lastUsedAt,
    createdAt: code.createdAt,
  };
}

/**
 * Access codes let students in without an account: an admin shares a code, each exchange
 * opens a session with a fresh session id as `userId`, and revoking the code ends those
 * sessions at their next request.
 */
@Injectable()
export class AccessCodesService {
  private readonly logger = new Logger(AccessCodesService.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly tenants: TenantsRepository,
    private readonly accessCodes: AccessCodesRepository,
    private readonly auditLog: AuditLogRepository,
    private readonly tokens: TokenService,
  ) {}

  async create(actor: Actor<Principal>, input: CreateAccessCodeDto): Promise<CreatedAccessCodeDto> {
    const tenantId = actor.caller.tenantId;
    const code = generateAccessCode();
    const created = await this.tenantDb.run(tenantId, async (manager) => {
      const row = await this.accessCodes.create(manager, tenantId, {
        label: input.label.trim(),
        role: input.grantedRole,
        codeHash: hashAccessCode(code) as string,
        maxUses: input.maxUses,
        expiresAt: input.expiresAt,
        createdBy: actor.caller.userId,
      });
      await this.auditLog.record(manager, tenantId, actor, {
        action: 'access_code.created',
        targetType: 'access_code',
        targetId: row.id,
        details: { label: row.label, role: row.role, maxUses: row.maxUses },
      });

      return row;
    });
    this.logger.log(`access code ${created.id} created in tenant ${tenantId}`);

    return { ...toDto(created), code };
  }

  async list(
    principal: Principal,
    page: number,
    pageSize: number,
  ): Promise<{ items: AccessCodeDto[]; total: number }> {
    const { items, total } = await this.tenantDb.run(principal.tenantId, (manager) =>
      this.accessCodes.list(manager, page, pageSize),
    );

    return { items: items.map(toDto), total };
  }

  async revoke(actor: Actor<Principal>, id: string): Promise<AccessCodeDto> {
    const tenantId = actor.caller.tenantId;
    const revoked = await this.tenantDb.run(tenantId, async (manager) => {
      const row = await this.accessCodes.revoke(manager, id);
      if (!row) {
        throw new DomainError(ErrorCode.AccessCodeNotFound, { id });
      }
      await this.auditLog.record(manager, tenantId, actor, {
        action: 'access_code.revoked',
        targetType: 'access_code',
        targetId: id,
        details: { label: row.label },
      });

      return row;
    });
    this.logger.log(`access code ${id} revoked in tenant ${tenantId}`);

    return toDto(revoked);
  }

  /**
   * Exchanges a code for an access token. An unknown tenant or code and an expired,
   * exhausted or revoked code all get the same generic error.
   */
  async exchange(input: ExchangeAccessCodeDto): Promise<IssuedToken> {
    const codeHash = hashAccessCode(input.code);
    const tenant = await this.tenantDb.runWithoutTenant((manager) =>
      this.tenants.findBySlug(manager, input.tenant.trim().toLowerCase()),
    );
    const consumed =
      codeHash && tenant?.status === 'active'
        ? await this.tenantDb.run(tenant.id, (manager) =>
            this.accessCodes.consume(manager, codeHash),
          )
        : undefined;
    if (!tenant || !consumed) {
      this.logger.warn(
        `access code exchange rejected for tenant slug ${JSON.stringify(input.tenant.slice(0, 63))}`,
      );
      throw new DomainError(ErrorCode.InvalidAccessCode);
    }

    return this.tokens.issueAccessToken({
      userId: randomUUID(),
      tenantId: tenant.id,
      role: consumed.role,
      accessCodeId: consumed.id,
    });
  }
}
