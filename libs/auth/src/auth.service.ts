import { Injectable, Logger } from '@nestjs/common';

import { DomainError, ErrorCode } from '@fisiorag/common';
import { TenantDatabase } from '@fisiorag/database';

import type { LoginDto, MeDto, SessionResponseDto } from './dto/login.dto';
import { PlatformAdminsService } from './platform/platform-admins.service';
import { type Caller, type Principal, isPlatformAdmin } from './principal';
import { RefreshTokenService } from './refresh-tokens/refresh-token.service';
import { TenantsRepository } from './tenants/tenants.repository';
import { TokenService } from './tokens/token.service';
import { PasswordHasher } from './users/password-hasher';
import { UsersRepository } from './users/users.repository';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly tenants: TenantsRepository,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly platformAdmins: PlatformAdminsService,
  ) {}

  /** Exchanges tenant slug, email and password for a session; one error for every miss. */
  async login(credentials: LoginDto): Promise<SessionResponseDto> {
    const tenant = await this.tenantDb.runWithoutTenant((manager) =>
      this.tenants.findBySlug(manager, credentials.tenant.trim().toLowerCase()),
    );
    const user =
      tenant?.status === 'active'
        ? await this.tenantDb.run(tenant.id, (manager) =>
            this.users.findByEmail(manager, credentials.email.trim()),
          )
        : undefined;
    if (!tenant || !user || user.disabled) {
      await this.hasher.verifyAgainstDummy(credentials.password);
      this.logger.warn(
        `login rejected for tenant slug ${JSON.stringify(credentials.tenant.slice(0, 63))}`,
      );
      throw new DomainError(ErrorCode.InvalidCredentials);
    }
    if (!(await this.hasher.verify(user.passwordHash, credentials.password))) {
      this.logger.warn(`login rejected for user ${user.id} of tenant ${tenant.id}`);
      throw new DomainError(ErrorCode.InvalidCredentials);
    }

    return this.openSession({ userId: user.id, tenantId: tenant.id, role: user.role });
  }

  /** Rotates the refresh token and issues a new access token with the user's current role. */
  async refresh(refreshToken: string): Promise<SessionResponseDto> {
    const { principal, next } = await this.refreshTokens.rotate(refreshToken);
    const access = await this.tokens.issueAccessToken(principal);

    return { ...access, ...next };
  }

  logout(refreshToken: string): Promise<void> {
    return this.refreshTokens.revoke(refreshToken);
  }

  async me(caller: Caller): Promise<MeDto> {
    if (isPlatformAdmin(caller)) {
      const admin = await this.platformAdmins.findById(caller.adminId);

      return { kind: 'platform_admin', id: caller.adminId, role: caller.role, email: admin?.email };
    }
    const hasAccount = !caller.accessCodeId && !caller.externalIssuer;
    const { tenant, user } = await this.tenantDb.run(caller.tenantId, async (manager) => ({
      tenant: await this.tenants.findById(manager, caller.tenantId),
      user: hasAccount ? await this.users.findById(manager, caller.userId) : undefined,
    }));

    return {
      kind: kindOf(caller),
      id: caller.userId,
      role: caller.role,
      email: user?.email,
      displayName: user ? user.displayName : undefined,
      tenant: tenant && {
        id: tenant.id,
        slug: tenant.slug,
        name: tenant.name,
        defaultLanguage: tenant.defaultLanguage,
      },
    };
  }

  private async openSession(principal: Principal): Promise<SessionResponseDto> {
    const refresh = await this.refreshTokens.issue(principal);
    const access = await this.tokens.issueAccessToken(principal);

    return { ...access, ...refresh };
  }
}

function kindOf(principal: Principal): MeDto['kind'] {
  if (principal.accessCodeId) {
    return 'access_code';
  }

  return principal.externalIssuer ? 'external' : 'user';
}
