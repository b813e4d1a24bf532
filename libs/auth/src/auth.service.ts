import { Injectable, Logger } from '@nestjs/common';

import { DomainError, ErrorCode } from '@fisiorag/common';
import { TenantDatabase } from '@fisiorag/database';

import type { LoginDto } from './dto/login.dto';
import { TenantsRepository } from './tenants/tenants.repository';
import { type IssuedToken, TokenService } from './tokens/token.service';
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
  ) {}

  /** Exchanges tenant slug, email and password for an access token; one error for every miss. */
  async login(credentials: LoginDto): Promise<IssuedToken> {
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

    return this.tokens.issueAccessToken({ userId: user.id, tenantId: tenant.id, role: user.role });
  }
}
