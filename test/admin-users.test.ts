import { type TestApp, type TestTenant, startTestApp } from './support/test-app';

interface User {
  id: string;
  email: string;
  role: string;
  displayName: string | null;
  disabled: boolean;
}

describe('tenant user administration', () => {
  let api: TestApp;
  let tenant: TestTenant;
  let adminId: string;
  let counter = 0;

  beforeAll(async () => {
    api = await startTestApp();
    tenant = await api.createTenant('users');
    const me = await api.request('/api/v1/auth/me', { token: tenant.adminToken });
    adminId = ((await me.json()) as { id: string }).id;
  });

  afterAll(async () => {
    await api.close();
  });

  async function createUser(
    grantedRole = 'member',
    extra: Record<string, unknown> = {},
  ): Promise<{ user: User; email: string; password: string }> {
    counter += 1;
    const email = `Person${counter}@${tenant.slug}.example`;
    const password = `password-number-${counter}`;
    const response = await api.request('/api/v1/users', {
      method: 'POST',
      token: tenant.adminToken,
      json: { email, password, grantedRole, ...extra },
    });
    expect(response.status).toBe(201);

    return { user: (await response.json()) as User, email, password };
  }

  function login(email: string, password: string): Promise<Response> {
    return api.request('/api/v1/auth/login', {
      method: 'POST',
      json: { tenant: tenant.slug, email, password },
    });
  }

  function patch(id: string, json: unknown, token = tenant.adminToken): Promise<Response> {
    return api.request(`/api/v1/users/${id}`, { method: 'PATCH', token, json });
  }

  it('creates a user who can log in', async () => {
    const { user, email, password } = await createUser('student', { displayName: 'Giulia Rossi' });
    expect(user).toMatchObject({
      email: email.toLowerCase(),
      role: 'student',
      displayName: 'Giulia Rossi',
      disabled: false,
    });
    expect(user).not.toHaveProperty('passwordHash');
    expect((await login(email, password)).status).toBe(200);
  });

  it('rejects a duplicate email with 409', async () => {
    const { email } = await createUser();
    const response = await api.request('/api/v1/users', {
      method: 'POST',
      token: tenant.adminToken,
      json: { email: email.toUpperCase(), password: 'another-password-1', grantedRole: 'member' },
    });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { code: string }).code).toBe('CONFLICT');
  });

  it('lists users with pagination', async () => {
    await createUser();
    await createUser();
    const response = await api.request('/api/v1/users?page=1&pageSize=2', {
      token: tenant.adminToken,
    });
    const body = (await response.json()) as { items: User[]; total: number; pageSize: number };
    expect(response.status).toBe(200);
    expect(body.items).toHaveLength(2);
    expect(body.total).toBeGreaterThanOrEqual(3);
    expect(body.pageSize).toBe(2);
  });

  it('gets one user and answers 404 for an unknown id', async () => {
    const { user } = await createUser();
    const found = await api.request(`/api/v1/users/${user.id}`, { token: tenant.adminToken });
    expect(found.status).toBe(200);
    expect(((await found.json()) as User).id).toBe(user.id);
    const missing = await api.request('/api/v1/users/00000000-0000-4000-8000-000000000000', {
      token: tenant.adminToken,
    });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('USER_NOT_FOUND');
  });

  it('changes role, name and password', async () => {
    const { user, email, password } = await createUser('student');
    const response = await patch(user.id, {
      grantedRole: 'member',
      displayName: 'Marco Bianchi',
      password: 'a-brand-new-password',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ role: 'member', displayName: 'Marco Bianchi' });
    expect((await login(email, password)).status).toBe(401);
    expect((await login(email, 'a-brand-new-password')).status).toBe(200);
    const cleared = await patch(user.id, { displayName: null });
    expect(((await cleared.json()) as User).displayName).toBeNull();
  });

  it('disables and enables an account', async () => {
    const { user, email, password } = await createUser();
    const session = (await (await login(email, password)).json()) as {
      accessToken: string;
      refreshToken: string;
    };
    const disabled = await patch(user.id, { disabled: true });
    expect(((await disabled.json()) as User).disabled).toBe(true);
    expect((await api.request('/api/v1/documents', { token: session.accessToken })).status).toBe(
      401,
    );
    expect((await login(email, password)).status).toBe(401);
    const refreshed = await api.request('/api/v1/auth/refresh', {
      method: 'POST',
      json: { refreshToken: session.refreshToken },
    });
    expect(refreshed.status).toBe(401);

    const enabled = await patch(user.id, { disabled: false });
    expect(((await enabled.json()) as User).disabled).toBe(false);
    expect((await login(email, password)).status).toBe(200);
  });

  it('deletes a user and ends their sessions', async () => {
    const { user, email, password } = await createUser();
    const { accessToken } = (await (await login(email, password)).json()) as {
      accessToken: string;
    };
    const deleted = await api.request(`/api/v1/users/${user.id}`, {
      method: 'DELETE',
      token: tenant.adminToken,
    });
    expect(deleted.status).toBe(204);
    expect((await api.request('/api/v1/documents', { token: accessToken })).status).toBe(401);
    const again = await api.request(`/api/v1/users/${user.id}`, {
      method: 'DELETE',
      token: tenant.adminToken,
    });
    expect(again.status).toBe(404);
  });

  it('refuses an admin changing their own role, status or existence', async () => {
    for (const json of [{ grantedRole: 'member' }, { disabled: true }]) {
      const response = await patch(adminId, json);
      expect(response.status).toBe(409);
      expect(((await response.json()) as { code: string }).code).toBe('OWN_ACCOUNT_CHANGE');
    }
    const deleted = await api.request(`/api/v1/users/${adminId}`, {
      method: 'DELETE',
      token: tenant.adminToken,
    });
    expect(deleted.status).toBe(409);
    const renamed = await patch(adminId, { displayName: 'Prof. Verdi' });
    expect(renamed.status).toBe(200);
  });

  it("returns 404 for another tenant's user", async () => {
    const other = await api.createTenant('users-other');
    const { user } = await createUser();
    for (const [method, json] of [
      ['GET', undefined],
      ['PATCH', { disabled: true }],
      ['DELETE', undefined],
    ] as const) {
      const response = await api.request(`/api/v1/users/${user.id}`, {
        method,
        token: other.adminToken,
        json,
      });
      expect({ method, status: response.status }).toEqual({ method, status: 404 });
    }
    const still = await api.request(`/api/v1/users/${user.id}`, { token: tenant.adminToken });
    expect(((await still.json()) as User).disabled).toBe(false);
  });

  it.each([
    ['a short password', { password: 'short' }, 'password'],
    ['an unknown role', { grantedRole: 'owner' }, 'grantedRole'],
    ['a platform role', { grantedRole: 'platform_admin' }, 'grantedRole'],
    ['a role field', { role: 'admin' }, 'role'],
    ['a tenant id', { tenantId: '00000000-0000-4000-8000-000000000000' }, 'tenantId'],
    ['an invalid email', { email: 'not-an-email' }, 'email'],
  ])('rejects a user with %s', async (_name, override, field) => {
    const response = await api.request('/api/v1/users', {
      method: 'POST',
      token: tenant.adminToken,
      json: {
        email: `valid@${tenant.slug}.example`,
        password: 'a-valid-password',
        grantedRole: 'member',
        ...override,
      },
    });
    const body = (await response.json()) as { code: string; errors: { field: string }[] };
    expect(response.status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((error) => error.field)).toContain(field);
  });

  it('rejects a malformed user id with 400', async () => {
    const response = await api.request('/api/v1/users/not-a-uuid', { token: tenant.adminToken });
    expect(response.status).toBe(400);
  });

  it.each(['member', 'student'] as const)('refuses every user route to %s', async (role) => {
    const token = await api.createUser(tenant, role);
    const { user } = await createUser();
    const attempts = [
      api.request('/api/v1/users', { token }),
      api.request('/api/v1/users', {
        method: 'POST',
        token,
        json: { email: 'x@example.org', password: 'a-valid-password', grantedRole: 'admin' },
      }),
      api.request(`/api/v1/users/${user.id}`, { token }),
      patch(user.id, { grantedRole: 'admin' }, token),
      api.request(`/api/v1/users/${user.id}`, { method: 'DELETE', token }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
    }
  });
});
