export { AuthModule, type AuthModuleOptions } from './auth.module';
export { type Actor, CurrentActor } from './guards/current-actor.decorator';
export { CurrentPrincipal } from './guards/current-principal.decorator';
export { Public } from './guards/public.decorator';
export { Roles } from './guards/roles.decorator';
export {
  type Caller,
  isPlatformAdmin,
  PLATFORM_ADMIN_ROLE,
  type PlatformAdminPrincipal,
  type Principal,
  type Role,
  USER_ROLES,
  type UserRole,
} from './principal';
export { AuditLogRepository, type NewAuditEntry } from './audit/audit-log.repository';
export { PlatformAdminsService } from './platform/platform-admins.service';
export { DEMO_TENANT } from './tenants/demo-tenant.seeder';
export { type NewTenant, TenantProvisioningService } from './tenants/tenant-provisioning.service';
export { type Tenant, TenantsRepository } from './tenants/tenants.repository';
export { TokenService } from './tokens/token.service';
export { ACCESS_TOKEN_TYPE, CLOCK_TOLERANCE_SECONDS, JWT_ALGORITHM } from './tokens/token-claims';
export { type CredentialKind, ThrottleCredentials, ThrottlingModule } from './throttling';
