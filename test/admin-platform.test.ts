import { TenantDatabase } from '@fisiorag/database';

import {
  type TestApp,
  type TestTenant,
  createPlatformAdmin,
  startTestApp,
  uploadText,
} from './support/test-app';

interface Tenant {
  id: string;
  slug: string;
  name: string;
  status: string;
  defaultLanguage: string;
}

describe('platform administration of tenants', () => {
  let api: TestApp;
  let platform: { id: string; email: string; password: string; token: string };
  let counter = 0;

  beforeAll(async () => {
    api = await startTestApp();
    platform = await createPlatformAdmin(api);
  });

  afterAll(async () => {
    await api.close();
  });

  async function createTenant(): Promise<{ tenant: Tenant; email: string; password: string }> {
    counter += 1;
    const slug = `platform-${counter}-${Date.now().toString(36)}`;
    const email = `prof@${slug}.example`;
    const password = 'first-admin-password';
    const response = await api.request('/api/v1/platform/tenants', {
      method: 'POST',
      token: platform.token,
      json: { slug, name: `Scuola ${counter}`, adminEmail: email, adminPassword: password },
    });
    expect(response.status).toBe(201);

    return { tenant: (await response.json()) as Tenant, email, password };
  }

  function login(slug: string, email: string, password: string): Promise<Response> {
    return api.request('/api/v1/auth/login', {
      method: 'POST',
      json: { tenant: slug, email, password },
    });
  }

  function post(path: string): Promise<Response> {
    return api.request(path, { method: 'POST', token: platform.token });
  }

  it('logs a platform admin in and describes them', async () => {
    const me = await api.request('/api/v1/auth/me', { token: platform.token });
    expect(await me.json()).toMatchObject({
      kind: 'platform_admin',
      id: platform.id,
      role: 'platform_admin',
      email: platform.email,
    });
  });

  it('rejects a wrong platform password with one generic error', async () => {
    for (const json of [
      { email: platform.email, password: 'wrong-password' },
      { email: 'nobody@platform.example', password: 'wrong-password' },
    ]) {
      const response = await api.request('/api/v1/auth/platform/login', { method: 'POST', json });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { code: string }).code).toBe('INVALID_CREDENTIALS');
    }
  });

  it('creates a tenant whose first admin can log in', async () => {
    const { tenant, email, password } = await createTenant();
    expect(tenant).toMatchObject({ status: 'active', defaultLanguage: 'it' });
    expect((await login(tenant.slug, email, password)).status).toBe(200);
  });

  it('rejects a duplicate slug with 409', async () => {
    const { tenant } = await createTenant();
    const response = await api.request('/api/v1/platform/tenants', {
      method: 'POST',
      token: platform.token,
      json: {
        slug: tenant.slug,
        name: 'Copia',
        adminEmail: 'x@example.org',
        adminPassword: 'first-admin-password',
      },
    });
    expect(response.status).toBe(409);
  });

  it.each([
    ['an invalid slug', { slug: 'Not A Slug' }, 'slug'],
    ['a short admin password', { adminPassword: 'short' }, 'adminPassword'],
    ['an unknown language', { defaultLanguage: 'fr' }, 'defaultLanguage'],
    ['a tenant_id field', { tenant_id: '00000000-0000-4000-8000-000000000000' }, 'tenant_id'],
  ])('rejects a tenant with %s', async (_name, override, field) => {
    const response = await api.request('/api/v1/platform/tenants', {
      method: 'POST',
      token: platform.token,
      json: {
        slug: 'valid-slug-x',
        name: 'Valida',
        adminEmail: 'x@example.org',
        adminPassword: 'first-admin-password',
        ...override,
      },
    });
    const body = (await response.json()) as { code: string; errors: { field: string }[] };
    expect(response.status).toBe(400);
    expect(body.errors.map((error) => error.field)).toContain(field);
  });

  it('lists and gets tenants', async () => {
    const { tenant } = await createTenant();
    const list = await api.request('/api/v1/platform/tenants?pageSize=100', {
      token: platform.token,
    });
    const body = (await list.json()) as { items: Tenant[]; total: number };
    expect(body.items.map((item) => item.id)).toContain(tenant.id);
    const one = await api.request(`/api/v1/platform/tenants/${tenant.id}`, {
      token: platform.token,
    });
    expect(((await one.json()) as Tenant).slug).toBe(tenant.slug);
    const missing = await api.request(
      '/api/v1/platform/tenants/00000000-0000-4000-8000-000000000000',
      { token: platform.token },
    );
    expect(missing.status).toBe(404);
  });

  it('suspends a tenant and activates it again', async () => {
    const { tenant, email, password } = await createTenant();
    const { accessToken } = (await (await login(tenant.slug, email, password)).json()) as {
      accessToken: string;
    };
    const suspended = await post(`/api/v1/platform/tenants/${tenant.id}/suspend`);
    expect(((await suspended.json()) as Tenant).status).toBe('suspended');
    expect((await api.request('/api/v1/documents', { token: accessToken })).status).toBe(401);
    expect((await login(tenant.slug, email, password)).status).toBe(401);

    const activated = await post(`/api/v1/platform/tenants/${tenant.id}/activate`);
    expect(((await activated.json()) as Tenant).status).toBe('active');
    expect((await api.request('/api/v1/documents', { token: accessToken })).status).toBe(200);
  });

  it('deletes a tenant with all its data', async () => {
    const { tenant, email, password } = await createTenant();
    const { accessToken } = (await (await login(tenant.slug, email, password)).json()) as {
      accessToken: string;
    };
    await uploadText(api, accessToken, 'Da cancellare', '# Da cancellare\n\nTesto della scuola.');
    const deleted = await api.request(`/api/v1/platform/tenants/${tenant.id}`, {
      method: 'DELETE',
      token: platform.token,
    });
    expect(deleted.status).toBe(204);
    expect((await login(tenant.slug, email, password)).status).toBe(401);
    // Inside the deleted tenant's own scope, so row-level security cannot hide leftovers.
    const leftovers: { count: string }[] = await api.app
      .get(TenantDatabase)
      .run(tenant.id, (manager) =>
        manager.query(
          `SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM documents)
                + (SELECT count(*) FROM chunks) + (SELECT count(*) FROM audit_log) AS count`,
        ),
      );
    expect(Number(leftovers[0]?.count)).toBe(0);
  });

  it('records platform actions in the tenant audit log with the request id', async () => {
    const { tenant, email, password } = await createTenant();
    await api.request(`/api/v1/platform/tenants/${tenant.id}/suspend`, {
      method: 'POST',
      token: platform.token,
      headers: { 'x-request-id': 'suspend-request-1' },
    });
    await post(`/api/v1/platform/tenants/${tenant.id}/activate`);
    const { accessToken } = (await (await login(tenant.slug, email, password)).json()) as {
      accessToken: string;
    };
    const log = await api.request('/api/v1/audit-log', { token: accessToken });
    const body = (await log.json()) as {
      items: { action: string; actorType: string; actorId: string; requestId: string }[];
    };
    const actions = body.items.map((item) => item.action);
    expect(actions).toEqual(
      expect.arrayContaining(['tenant.created', 'tenant.suspended', 'tenant.activated']),
    );
    const suspension = body.items.find((item) => item.action === 'tenant.suspended');
    expect(suspension).toMatchObject({
      actorType: 'platform_admin',
      actorId: platform.id,
      requestId: 'suspend-request-1',
    });
  });

  describe('role separation', () => {
    let tenant: TestTenant;

    beforeAll(async () => {
      tenant = await api.createTenant('separation');
    });

    it.each([
      ['GET', '/api/v1/documents'],
      ['POST', '/api/v1/documents'],
      ['POST', '/api/v1/search'],
      ['POST', '/api/v1/query'],
      ['GET', '/api/v1/users'],
      ['GET', '/api/v1/access-codes'],
      ['GET', '/api/v1/audit-log'],
    ])('refuses a platform admin on tenant route %s %s', async (method, path) => {
      const response = await api.request(path, {
        method,
        token: platform.token,
        json: method === 'POST' ? { query: 'x', question: 'x', title: 'x', text: 'x' } : undefined,
      });
      expect(response.status).toBe(403);
    });

    it.each(['admin', 'member', 'student'] as const)(
      'refuses a tenant %s on every platform route',
      async (role) => {
        const token = role === 'admin' ? tenant.adminToken : await api.createUser(tenant, role);
        const base = '/api/v1/platform/tenants';
        const attempts: [string, string][] = [
          ['GET', base],
          ['POST', base],
          ['GET', `${base}/${tenant.id}`],
          ['POST', `${base}/${tenant.id}/suspend`],
          ['POST', `${base}/${tenant.id}/activate`],
          ['DELETE', `${base}/${tenant.id}`],
        ];
        for (const [method, path] of attempts) {
          const response = await api.request(path, { method, token });
          expect({ method, path, status: response.status }).toEqual({ method, path, status: 403 });
        }
      },
    );
  });
});
