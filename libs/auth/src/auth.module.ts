import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AppConfig } from '@fisiorag/config';

import { AccessCodesController } from './access-codes/access-codes.controller';
import { AccessCodesRepository } from './access-codes/access-codes.repository';
import { AccessCodesService } from './access-codes/access-codes.service';
import { AuditLogController } from './audit/audit-log.controller';
import { AuditLogRepository } from './audit/audit-log.repository';
import { AuditLogService } from './audit/audit-log.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { IdentityFieldsGuard } from './guards/identity-fields.guard';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { RolesGuard } from './guards/roles.guard';
import { PlatformAdminsRepository } from './platform/platform-admins.repository';
import { PlatformAdminsService } from './platform/platform-admins.service';
import { PlatformTenantsController } from './platform/platform-tenants.controller';
import { PlatformTenantsService } from './platform/platform-tenants.service';
import { RefreshTokenService } from './refresh-tokens/refresh-token.service';
import { RefreshTokensRepository } from './refresh-tokens/refresh-tokens.repository';
import { DemoTenantSeeder } from './tenants/demo-tenant.seeder';
import { TenantProvisioningService } from './tenants/tenant-provisioning.service';
import { TenantsRepository } from './tenants/tenants.repository';
import { AccessTokenVerifier } from './tokens/access-token.verifier';
import { CallerStatusRepository } from './tokens/caller-status.repository';
import { ExternalTokenVerifier } from './tokens/external-token.verifier';
import { JWT_SECRET, resolveJwtSecret } from './tokens/jwt-secret';
import { TokenService } from './tokens/token.service';
import { PasswordHasher } from './users/password-hasher';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

export interface AuthModuleOptions {
  /** Seed a demo tenant on an empty embedded database (the API does, the CLI does not). */
  seedDemoTenant: boolean;
}

const jwtSecretProvider = {
  provide: JWT_SECRET,
  inject: [AppConfig],
  useFactory: resolveJwtSecret,
};

@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions = { seedDemoTenant: true }): DynamicModule {
    return {
      module: AuthModule,
      controllers: [
        AuthController,
        UsersController,
        AccessCodesController,
        AuditLogController,
        PlatformTenantsController,
      ],
      providers: [
        jwtSecretProvider,
        AuthService,
        TokenService,
        AccessTokenVerifier,
        ExternalTokenVerifier,
        CallerStatusRepository,
        RefreshTokenService,
        RefreshTokensRepository,
        PasswordHasher,
        TenantsRepository,
        UsersRepository,
        UsersService,
        AccessCodesRepository,
        AccessCodesService,
        AuditLogRepository,
        AuditLogService,
        PlatformAdminsRepository,
        PlatformAdminsService,
        PlatformTenantsService,
        TenantProvisioningService,
        ...(options.seedDemoTenant ? [DemoTenantSeeder] : []),
        // Global guards run in this order: identity fields, then token, then roles.
        { provide: APP_GUARD, useClass: IdentityFieldsGuard },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [
        TenantProvisioningService,
        PlatformAdminsService,
        TokenService,
        PasswordHasher,
        UsersRepository,
        TenantsRepository,
        AuditLogRepository,
      ],
    };
  }
}
