import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { DomainError, ErrorCode } from '@fisiorag/common';
import { TenantDatabase } from '@fisiorag/database';

import { AuditLogRepository } from '../audit/audit-log.repository';
import type { Actor } from '../guards/current-actor.decorator';
import type { Principal } from '../principal';
import { RefreshTokenService } from '../refresh-tokens/refresh-token.service';
import { isUniqueViolation } from '../tenants/unique-violation';
import type { CreateUserDto, UpdateUserDto, UserDto } from './dto/user.dto';
import { PasswordHasher } from './password-hasher';
import { type User, type UserChanges, UsersRepository } from './users.repository';

function toDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    displayName: user.displayName,
    disabled: user.disabled,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

/** Tenant admins manage the accounts of their own tenant; every change is audited. */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly refreshTokens: RefreshTokenService,
    private readonly auditLog: AuditLogRepository,
  ) {}

  async create(actor: Actor<Principal>, input: CreateUserDto): Promise<UserDto> {
    const principal = actor.caller;
    const passwordHash = await this.hasher.hash(input.password);
    const conflict = new DomainError(ErrorCode.Conflict, {
      reason: `user ${input.email.toLowerCase()}`,
    });
    const user = await this.tenantDb
      .run(principal.tenantId, async (manager) => {
        if (await this.users.findByEmail(manager, input.email)) {
          throw conflict;
        }
        const created = await this.users.create(manager, principal.tenantId, {
          email: input.email,
          passwordHash,
          role: input.grantedRole,
          displayName: input.displayName?.trim(),
        });
        await this.auditLog.record(manager, principal.tenantId, actor, {
          action: 'user.created',
          targetType: 'user',
          targetId: created.id,
          details: { email: created.email, role: created.role },
        });

        return created;
      })
      .catch((error: unknown) => {
        // A concurrent request took the email between the check and the insert.
        throw isUniqueViolation(error) ? conflict : error;
      });
    this.logger.log(
      `user ${user.id} created in tenant ${principal.tenantId} by ${principal.userId}`,
    );

    return toDto(user);
  }

  async list(
    principal: Principal,
    page: number,
    pageSize: number,
  ): Promise<{ items: UserDto[]; total: number }> {
    const { items, total } = await this.tenantDb.run(principal.tenantId, (manager) =>
      this.users.list(manager, page, pageSize),
    );

    return { items: items.map(toDto), total };
  }

  async get(principal: Principal, id: string): Promise<UserDto> {
    const user = await this.tenantDb.run(principal.tenantId, (manager) =>
      this.users.findById(manager, id),
    );
    if (!user) {
      throw new DomainError(ErrorCode.UserNotFound, { id });
    }

    return toDto(user);
  }

  async update(actor: Actor<Principal>, id: string, input: UpdateUserDto): Promise<UserDto> {
    const principal = actor.caller;
    const changesOwnAccess = input.grantedRole !== undefined || input.disabled === true;
    if (id === principal.userId && changesOwnAccess) {
      throw new DomainError(ErrorCode.OwnAccountChange);
    }
    const changes: UserChanges = {
      role: input.grantedRole,
      displayName:
        input.displayName === undefined ? undefined : (input.displayName?.trim() ?? null),
      disabled: input.disabled,
      passwordHash: input.password ? await this.hasher.hash(input.password) : undefined,
    };
    const user = await this.tenantDb.run(principal.tenantId, (manager) =>
      this.updateInTransaction(manager, actor, id, changes),
    );

    return toDto(user);
  }

  async delete(actor: Actor<Principal>, id: string): Promise<void> {
    const principal = actor.caller;
    if (id === principal.userId) {
      throw new DomainError(ErrorCode.OwnAccountChange);
    }
    await this.tenantDb.run(principal.tenantId, async (manager) => {
      const user = await this.users.findById(manager, id);
      // Refresh tokens go with the row (ON DELETE CASCADE).
      if (!user || !(await this.users.delete(manager, id))) {
        throw new DomainError(ErrorCode.UserNotFound, { id });
      }
      await this.auditLog.record(manager, principal.tenantId, actor, {
        action: 'user.deleted',
        targetType: 'user',
        targetId: id,
        details: { email: user.email },
      });
    });
    this.logger.log(`user ${id} deleted from tenant ${principal.tenantId} by ${principal.userId}`);
  }

  private async updateInTransaction(
    manager: EntityManager,
    actor: Actor<Principal>,
    id: string,
    changes: UserChanges,
  ): Promise<User> {
    const user = await this.users.update(manager, id, changes);
    if (!user) {
      throw new DomainError(ErrorCode.UserNotFound, { id });
    }
    // A disabled account or a new password ends every session. A role change needs no
    // revocation, because each request compares the token's role with this row.
    const endsSessions = changes.disabled === true || changes.passwordHash !== undefined;
    const revokedSessions = endsSessions
      ? await this.refreshTokens.revokeAllOfUser(manager, id)
      : 0;
    await this.auditLog.record(manager, actor.caller.tenantId, actor, {
      action: 'user.updated',
      targetType: 'user',
      targetId: id,
      details: {
        ...(changes.role ? { role: changes.role } : {}),
        ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
        ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
        ...(changes.passwordHash ? { passwordChanged: true } : {}),
        revokedSessions,
      },
    });

    return user;
  }
}
