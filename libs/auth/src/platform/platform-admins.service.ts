import { Injectable, Logger } from '@nestjs/common';

import { DomainError, ErrorCode } from '@fisiorag/common';
import { TenantDatabase } from '@fisiorag/database';

import { isUniqueViolation } from '../tenants/unique-violation';
import { type IssuedToken, TokenService } from '../tokens/token.service';
import { PasswordHasher } from '../users/password-hasher';
import { type PlatformAdmin, PlatformAdminsRepository } from './platform-admins.repository';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

/** Platform operators: created by the CLI, they log in with email and password. */
@Injectable()
export class PlatformAdminsService {
  private readonly logger = new Logger(PlatformAdminsService.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly admins: PlatformAdminsRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
  ) {}

  async create(email: string, password: string): Promise<PlatformAdmin> {
    if (!EMAIL_PATTERN.test(email) || email.length > 254) {
      throw new Error(`${JSON.stringify(email)} is not a valid email address`);
    }
    if (password.length < 12) {
      throw new Error('the platform admin password must be at least 12 characters long');
    }
    const passwordHash = await this.hasher.hash(password);
    try {
      const admin = await this.tenantDb.runWithoutTenant((manager) =>
        this.admins.create(manager, { email, passwordHash }),
      );
      this.logger.log(`platform admin ${admin.id} created`);

      return admin;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError(ErrorCode.Conflict, {
          reason: `platform admin ${email.toLowerCase()}`,
        });
      }
      throw error;
    }
  }

  /**
   * Exchanges email and password for a platform admin token. Unknown, disabled and
   * wrong-password accounts get the same error after the same hashing work.
   */
  async login(email: string, password: string): Promise<IssuedToken> {
    const admin = await this.tenantDb.runWithoutTenant((manager) =>
      this.admins.findByEmail(manager, email.trim()),
    );
    if (!admin || admin.disabled) {
      await this.hasher.verifyAgainstDummy(password);
      this.logger.warn('platform admin login rejected: unknown or disabled account');
      throw new DomainError(ErrorCode.InvalidCredentials);
    }
    if (!(await this.hasher.verify(admin.passwordHash, password))) {
      this.logger.warn(`platform admin login rejected for ${admin.id}: wrong password`);
      throw new DomainError(ErrorCode.InvalidCredentials);
    }

    return this.tokens.issuePlatformAdminToken(admin.id);
  }

  async findById(id: string): Promise<PlatformAdmin | undefined> {
    return this.tenantDb.runWithoutTenant((manager) => this.admins.findById(manager, id));
  }
}
