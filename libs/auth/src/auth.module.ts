import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';

import { AppConfig } from '@fisiorag/config';

import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { RolesGuard } from './guards/roles.guard';
import { DemoTenantSeeder } from './tenants/demo-tenant.seeder';
import { TenantProvisioningService } from './tenants/tenant-provisioning.service';
import { TenantsRepository } from './tenants/tenants.repository';
import { resolveJwtSecret } from './tokens/jwt-secret';
import { JWT_SECRET, JwtStrategy } from './tokens/jwt.strategy';
import { TokenService } from './tokens/token.service';
import { PasswordHasher } from './users/password-hasher';
import { UsersRepository } from './users/users.repository';

export interface AuthModuleOptions {
  /** Seed a demo tenant on an empty embedded database (the API does, the CLI does not). */
  seedDemoTenant: boolean;
}

@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions = { seedDemoTenant: true }) {
    return {
      module: AuthModule,
      imports: [
        PassportModule,
        JwtModule.registerAsync({
          inject: [JWT_SECRET],
          extraProviders: [jwtSecretProvider],
          useFactory: (secret: string) => ({ secret, signOptions: { algorithm: 'HS256' } }),
        }),
      ],
      controllers: [AuthController],
      providers: [
        jwtSecretProvider,
        AuthService,
        TokenService,
        JwtStrategy,
        PasswordHasher,
        TenantsRepository,
        UsersRepository,
        TenantProvisioningService,
        ...(options.seedDemoTenant ? [DemoTenantSeeder] : []),
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [
        TenantProvisioningService,
        TokenService,
        PasswordHasher,
        UsersRepository,
        TenantsRepository,
      ],
    };
  }
}

const jwtSecretProvider = {
  provide: JWT_SECRET,
  inject: [AppConfig],
  useFactory: resolveJwtSecret,
};
