export { AuthModule, type AuthModuleOptions } from './auth.module';
export { CurrentPrincipal } from './guards/current-principal.decorator';
export { Public } from './guards/public.decorator';
export { Roles } from './guards/roles.decorator';
export { type Principal, USER_ROLES, type UserRole } from './principal';
export { DEMO_TENANT } from './tenants/demo-tenant.seeder';
export { type NewTenant, TenantProvisioningService } from './tenants/tenant-provisioning.service';
export { type Tenant, TenantsRepository } from './tenants/tenants.repository';
export { TokenService } from './tokens/token.service';
