export const USER_ROLES = ['admin', 'member', 'student'] as const;

export type UserRole = (typeof USER_ROLES)[number];

/** The verified caller of a request, built only from a verified access token. */
export interface Principal {
  userId: string;
  tenantId: string;
  role: UserRole;
}
