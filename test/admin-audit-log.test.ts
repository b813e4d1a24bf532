import { type TestApp, type TestTenant, startTestApp } from './support/test-app';

interface AuditEntry {
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
  createdAt: string;
}

interface AuditPage {
  items: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

const DAY_MS = 86_400_000;

describe('audit log of admin actions', () => {
  let api: TestApp;
  let tenant: TestTenant;
  let adminId: string;

  beforeAll(async () => {
    api = await startTestApp();
    tenant = await api.createTenant('audit');
    const me = await api.request('/api/v1/auth/me', { token: tenant.adminToken });
    adminId = ((await me.json()) as { id: string }).id;
  });

  afterAll(async () => {
    await api.close();
  });

  async function readLog(query = ''): Promise<AuditPage> {
    const response = await api.request(`/api/v1/audit-log${query}`, { token: tenant.adminToken });
    expect(response.status).toBe(200);

    return (await response.json()) as AuditPage;
  }

  it('records who did what to which target, with the request id', async () => {
    const created = await api.request('/api/v1/users', {
      method: 'POST',
      token: tenant.adminToken,
      headers: { 'x-request-id': 'create-user-42' },
      json: {
        email: `audited@${tenant.slug}.example`,
        password: 'audited-password',
        grantedRole: 'student',
      },
    });
    const user = (await created.json()) as { id: string };
    const entry = (await readLog()).items.find((item) => item.action === 'user.created');
    expect(entry).toMatchObject({
      actorType: 'user',
      actorId: adminId,
      targetType: 'user',
      targetId: user.id,
      requestId: 'create-user-42',
      details: { role: 'student' },
    });
    expect(Date.parse(entry?.createdAt ?? '')).not.toBeNaN();
  });

  it('records user updates, deletions and access code actions', async () => {
    const created = await api.request('/api/v1/users', {
      method: 'POST',
      token: tenant.adminToken,
      json: {
        email: `changed@${tenant.slug}.example`,
        password: 'changed-password',
        grantedRole: 'member',
      },
    });
    const user = (await created.json()) as { id: string };
    await api.request(`/api/v1/users/${user.id}`, {
      method: 'PATCH',
      token: tenant.adminToken,
      json: { disabled: true },
    });
    await api.request(`/api/v1/users/${user.id}`, { method: 'DELETE', token: tenant.adminToken });
    const code = await api.request('/api/v1/access-codes', {
      method: 'POST',
      token: tenant.adminToken,
      json: { label: 'Audit', maxUses: 1, expiresAt: new Date(Date.now() + DAY_MS).toISOString() },
    });
    const { id: codeId } = (await code.json()) as { id: string };
    await api.request(`/api/v1/access-codes/${codeId}/revoke`, {
      method: 'POST',
      token: tenant.adminToken,
    });

    const entries = (await readLog('?pageSize=100')).items;
    const targets = entries.map((entry) => `${entry.action} ${entry.targetId}`);
    expect(targets).toEqual(
      expect.arrayContaining([
        `user.updated ${user.id}`,
        `user.deleted ${user.id}`,
        `access_code.created ${codeId}`,
        `access_code.revoked ${codeId}`,
      ]),
    );
    const update = entries.find((entry) => entry.action === 'user.updated');
    expect(update?.details).toMatchObject({ disabled: true });
    expect(JSON.stringify(entries)).not.toMatch(/changed-password|\$argon2/);
  });

  it('pages the log newest first', async () => {
    const all = await readLog('?pageSize=100');
    const first = await readLog('?page=1&pageSize=2');
    const second = await readLog('?page=2&pageSize=2');
    expect(first.total).toBe(all.total);
    expect(first.items).toHaveLength(2);
    expect([...first.items, ...second.items]).toEqual(all.items.slice(0, 4));
    const times = all.items.map((item) => Date.parse(item.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('shows no entry of another tenant', async () => {
    const other = await api.createTenant('audit-other');
    const response = await api.request('/api/v1/audit-log?pageSize=100', {
      token: other.adminToken,
    });
    const body = (await response.json()) as AuditPage;
    expect(body.items.every((item) => item.action === 'tenant.created')).toBe(true);
    expect(JSON.stringify(body)).not.toContain(tenant.slug);
  });

  it.each([
    ['page 0', '?page=0'],
    ['a page size over 100', '?pageSize=101'],
    ['a tenant_id parameter', `?tenant_id=00000000-0000-4000-8000-000000000000`],
  ])('rejects %s', async (_name, query) => {
    const response = await api.request(`/api/v1/audit-log${query}`, { token: tenant.adminToken });
    expect(response.status).toBe(400);
  });

  it.each(['member', 'student'] as const)('refuses the audit log to %s', async (role) => {
    const token = await api.createUser(tenant, role);
    const response = await api.request('/api/v1/audit-log', { token });
    expect(response.status).toBe(403);
  });
});
