import { TenantDatabase } from '@fisiorag/database';

import { type TestApp, type TestTenant, startTestApp } from './support/test-app';

interface CreatedCode {
  id: string;
  code: string;
  label: string;
  role: string;
  maxUses: number;
  useCount: number;
  status: string;
}

const DAY_MS = 86_400_000;

describe('student access codes', () => {
  let api: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    api = await startTestApp();
    tenant = await api.createTenant('codes');
  });

  afterAll(async () => {
    await api.close();
  });

  async function createCode(
    json: Record<string, unknown> = {},
    token = tenant.adminToken,
  ): Promise<CreatedCode> {
    const response = await api.request('/api/v1/access-codes', {
      method: 'POST',
      token,
      json: {
        label: 'Anatomia, gruppo A',
        maxUses: 3,
        expiresAt: new Date(Date.now() + 7 * DAY_MS).toISOString(),
        ...json,
      },
    });
    expect(response.status).toBe(201);

    return (await response.json()) as CreatedCode;
  }

  function exchange(code: string, slug = tenant.slug, language?: string): Promise<Response> {
    return api.request('/api/v1/auth/access-code', {
      method: 'POST',
      json: { tenant: slug, code },
      headers: language ? { 'accept-language': language } : {},
    });
  }

  async function exchangeToken(code: string): Promise<string> {
    const response = await exchange(code);
    expect(response.status).toBe(200);

    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  async function rejection(response: Response): Promise<{ code: string; detail: string }> {
    expect(response.status).toBe(401);

    return (await response.json()) as { code: string; detail: string };
  }

  async function listCodes(): Promise<CreatedCode[]> {
    const response = await api.request('/api/v1/access-codes', { token: tenant.adminToken });

    return ((await response.json()) as { items: CreatedCode[] }).items;
  }

  it('creates a code shown once and stored only as a hash', async () => {
    const created = await createCode();
    expect(created.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    expect(created).toMatchObject({ role: 'student', maxUses: 3, useCount: 0, status: 'active' });
    const rows: { row: string }[] = await api.app
      .get(TenantDatabase)
      .run(tenant.id, (manager) =>
        manager.query(`SELECT access_codes::text AS row FROM access_codes`),
      );
    const plain = created.code.replace(/-/g, '');
    expect(rows.some((row) => row.row.includes(plain))).toBe(false);
    const listed = await listCodes();
    expect(listed.find((code) => code.id === created.id)).not.toHaveProperty('code');
  });

  it('exchanges a code for a short-lived student token', async () => {
    const created = await createCode();
    const response = await exchange(created.code.toLowerCase().replace(/-/g, ' '));
    const body = (await response.json()) as { accessToken: string; expiresIn: number };
    expect(response.status).toBe(200);
    expect(body.expiresIn).toBe(3600);
    expect(body).not.toHaveProperty('refreshToken');
    const me = await api.request('/api/v1/auth/me', { token: body.accessToken });
    expect(await me.json()).toMatchObject({ kind: 'access_code', role: 'student' });
    const search = await api.request('/api/v1/search', {
      method: 'POST',
      token: body.accessToken,
      json: { query: 'spalla' },
    });
    expect(search.status).toBe(200);
  });

  it('gives each exchange its own session id', async () => {
    const created = await createCode();
    const ids = [];
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const token = await exchangeToken(created.code);
      ids.push(
        ((await (await api.request('/api/v1/auth/me', { token })).json()) as { id: string }).id,
      );
    }
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('opens member sessions when the code grants member', async () => {
    const created = await createCode({ grantedRole: 'member' });
    const token = await exchangeToken(created.code);
    const me = await api.request('/api/v1/auth/me', { token });
    expect(((await me.json()) as { role: string }).role).toBe('member');
  });

  it('lets a student session read but not upload', async () => {
    const token = await exchangeToken((await createCode()).code);
    expect((await api.request('/api/v1/documents', { token })).status).toBe(200);
    const upload = await api.request('/api/v1/documents', {
      method: 'POST',
      token,
      json: { title: 'x', text: 'y' },
    });
    expect(upload.status).toBe(403);
  });

  it('counts uses and rejects an exhausted code', async () => {
    const created = await createCode({ maxUses: 2 });
    await exchangeToken(created.code);
    await exchangeToken(created.code);
    const body = await rejection(await exchange(created.code));
    expect(body.code).toBe('INVALID_ACCESS_CODE');
    const listed = (await listCodes()).find((code) => code.id === created.id);
    expect(listed).toMatchObject({ useCount: 2, status: 'exhausted' });
  });

  it('never exceeds max uses under concurrent exchanges', async () => {
    const created = await createCode({ maxUses: 3 });
    const responses = await Promise.all(Array.from({ length: 10 }, () => exchange(created.code)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(3);
    expect(statuses.filter((status) => status === 401)).toHaveLength(7);
  });

  it('rejects expired, exhausted, revoked and unknown codes with one message', async () => {
    const expired = await createCode();
    await api.app
      .get(TenantDatabase)
      .run(tenant.id, (manager) =>
        manager.query(
          `UPDATE access_codes SET expires_at = now() - interval '1 minute' WHERE id = $1`,
          [expired.id],
        ),
      );
    const exhausted = await createCode({ maxUses: 1 });
    await exchangeToken(exhausted.code);
    const revoked = await createCode();
    await api.request(`/api/v1/access-codes/${revoked.id}/revoke`, {
      method: 'POST',
      token: tenant.adminToken,
    });
    const valid = await createCode();

    const attempts: [string, Promise<Response>][] = [
      ['expired', exchange(expired.code)],
      ['exhausted', exchange(exhausted.code)],
      ['revoked', exchange(revoked.code)],
      ['unknown', exchange('AAAAA-BBBBB-CCCCC-DDDDD')],
      ['malformed', exchange('not a code')],
      ['unknown tenant', exchange(valid.code, 'no-such-tenant')],
    ];
    const details = new Set<string>();
    for (const [name, attempt] of attempts) {
      const body = await rejection(await attempt);
      expect({ name, code: body.code }).toEqual({ name, code: 'INVALID_ACCESS_CODE' });
      details.add(body.detail);
    }
    expect(details.size).toBe(1);
    expect([...details][0]).toMatch(/codice di accesso/i);
    const english = await rejection(await exchange(expired.code, tenant.slug, 'en'));
    expect(english.detail).toMatch(/access code is invalid/);
  });

  it('ends the sessions of a revoked code at their next request', async () => {
    const created = await createCode();
    const token = await exchangeToken(created.code);
    expect((await api.request('/api/v1/documents', { token })).status).toBe(200);
    const revoked = await api.request(`/api/v1/access-codes/${created.id}/revoke`, {
      method: 'POST',
      token: tenant.adminToken,
    });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { status: string }).status).toBe('revoked');
    expect((await api.request('/api/v1/documents', { token })).status).toBe(401);
  });

  it("does not accept a code at another tenant's slug", async () => {
    const other = await api.createTenant('codes-other');
    const created = await createCode();
    await rejection(await exchange(created.code, other.slug));
  });

  it("returns 404 when revoking another tenant's code", async () => {
    const other = await api.createTenant('codes-foreign');
    const created = await createCode();
    const response = await api.request(`/api/v1/access-codes/${created.id}/revoke`, {
      method: 'POST',
      token: other.adminToken,
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('ACCESS_CODE_NOT_FOUND');
  });

  it.each([
    ['a past expiry', { expiresAt: new Date(Date.now() - DAY_MS).toISOString() }, 'expiresAt'],
    [
      'an expiry over a year ahead',
      { expiresAt: new Date(Date.now() + 400 * DAY_MS).toISOString() },
      'expiresAt',
    ],
    ['a malformed expiry', { expiresAt: 'domani' }, 'expiresAt'],
    ['zero uses', { maxUses: 0 }, 'maxUses'],
    ['an admin role', { grantedRole: 'admin' }, 'grantedRole'],
    ['a role field', { role: 'student' }, 'role'],
    ['a blank label', { label: '   ' }, 'label'],
  ])('rejects %s', async (_name, override, field) => {
    const response = await api.request('/api/v1/access-codes', {
      method: 'POST',
      token: tenant.adminToken,
      json: {
        label: 'Gruppo B',
        maxUses: 5,
        expiresAt: new Date(Date.now() + DAY_MS).toISOString(),
        ...override,
      },
    });
    const body = (await response.json()) as { code: string; errors: { field: string }[] };
    expect(response.status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((error) => error.field)).toContain(field);
  });

  it.each(['member', 'student'] as const)('refuses every access code route to %s', async (role) => {
    const token = await api.createUser(tenant, role);
    const created = await createCode();
    const attempts = [
      api.request('/api/v1/access-codes', { token }),
      api.request('/api/v1/access-codes', {
        method: 'POST',
        token,
        json: { label: 'x', maxUses: 1, expiresAt: new Date(Date.now() + DAY_MS).toISOString() },
      }),
      api.request(`/api/v1/access-codes/${created.id}/revoke`, { method: 'POST', token }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
    }
  });
});
