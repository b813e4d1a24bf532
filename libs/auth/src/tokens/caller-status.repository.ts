import { Injectable } from '@nestjs/common';

import { TenantDatabase, queryRows } from '@fisiorag/database';

import { type Caller, type Principal, isPlatformAdmin } from '../principal';

/**
 * The per-request check behind every access token: one query confirms that the account
 * (or the access code) still exists, is not disabled or revoked, still has the token's
 * role, and that its tenant is active. A token thus stops working at once, not at `exp`.
 */
@Injectable()
export class CallerStatusRepository {
  constructor(private readonly tenantDb: TenantDatabase) {}

  async isActive(caller: Caller): Promise<boolean> {
    if (isPlatformAdmin(caller)) {
      return this.isPlatformAdminActive(caller.adminId);
    }
    if (caller.externalIssuer) {
      // The verifier resolved the tenant and found it active in this request already.
      return true;
    }

    return this.tenantDb.run(caller.tenantId, async (manager) => {
      const rows = await queryRows<{ active: boolean }>(
        manager,
        statusQuery(caller),
        statusParameters(caller),
      );

      return rows[0]?.active === true;
    });
  }

  private isPlatformAdminActive(adminId: string): Promise<boolean> {
    return this.tenantDb.runWithoutTenant(async (manager) => {
      const rows = await queryRows<{ id: string }>(
        manager,
        `SELECT id FROM platform_admins WHERE id = $1 AND disabled_at IS NULL`,
        [adminId],
      );

      return rows.length === 1;
    });
  }
}

// Runs inside the caller's tenant transaction, so row-level security scopes users and codes.
function statusQuery(principal: Principal): string {
  const tenantActive = `EXISTS (SELECT 1 FROM tenants WHERE id = $1 AND status = 'active')`;
  if (principal.accessCodeId) {
    return `SELECT ${tenantActive} AND EXISTS (
              SELECT 1 FROM access_codes WHERE id = $2 AND role = $3 AND revoked_at IS NULL
            ) AS active`;
  }

  return `SELECT ${tenantActive} AND EXISTS (
            SELECT 1 FROM users WHERE id = $2 AND role = $3 AND disabled_at IS NULL
          ) AS active`;
}

function statusParameters(principal: Principal): unknown[] {
  return [principal.tenantId, principal.accessCodeId ?? principal.userId, principal.role];
}
