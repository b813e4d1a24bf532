export const USER_ROLES = ['admin', 'member', 'student'] as const;

/** Role of a tenant user; every tenant data route admits only these. */
export type UserRole = (typeof USER_ROLES)[number];

export const PLATFORM_ADMIN_ROLE = 'platform_admin';

/** Every role a route can require: the tenant roles and the platform operator. */
export type Role = UserRole | typeof PLATFORM_ADMIN_ROLE;

/** The verified caller of a tenant route, built only from a verified access token. */
export interface Principal {
  userId: string;
  tenantId: string;
  role: UserRole;
  /** Set when the token came from an access code exchange; `userId` is then a session id. */
  accessCodeId?: string;
  /** Set when an external OpenID Connect provider issued the token. */
  externalIssuer?: string;
}

/** The verified caller of a platform route: an operator who belongs to no tenant. */
export interface PlatformAdminPrincipal {
  adminId: string;
  role: typeof PLATFORM_ADMIN_ROLE;
}

export type Caller = Principal | PlatformAdminPrincipal;

export function isPlatformAdmin(caller: Caller): caller is PlatformAdminPrincipal {
  return caller.role === PLATFORM_ADMIN_ROLE;
}

export function isUserRole(value: unknown): value is UserRole {
  return USER_ROLES.includes(value as UserRole);
}
