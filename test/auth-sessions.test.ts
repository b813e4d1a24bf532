import { createHash } from 'node:crypto';

import { TenantDatabase } from '@fisiorag/database';

import { type TestApp, type TestTenant, startTestApp } from './support/test-app';

interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshExpiresIn: number;
  tokenType: string;
}

describe('sessions: login, refresh and logout', () => {
  let api: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    // These tests log one account in many times; the login limits have their own tests.
    api = await startTestApp({
      RATE_LIMIT_LOGIN_PER_ACCOUNT: '1000',
      RATE_LIMIT_LOGIN_PER_IP: '1000',
    });
    tenant = await api.createTenant('sessions');
  });

  afterAll(async () => {
    await api.close();
  });

  async function login(): Promise<Session> {
    const response = await api.request('/api/v1/auth/login', {
      method: 'POST',
      json: { tenant: tenant.slug, email: tenant.adminEmail, password: tenant.adminPassword },
    });
    expect(response.status).toBe(200);

    return (await response.json()) as Session;
  }

  function refresh(refreshToken: unknown): Promise<Response> {
    return api.request('/api/v1/auth/refresh', { method: 'POST', json: { refreshToken } });
  }

  async function expectRefreshRejected(refreshToken: string): Promise<void> {
    const response = await refresh(refreshToken);
    const body = (await response.json()) as { code: string };
    expect(response.status).toBe(401);
    expect(body.code).toBe('INVALID_REFRESH_TOKEN');
  }

  async function storedHashes(): Promise<string[]> {
    const rows: { token_hash: string }[] = await api.app
      .get(TenantDatabase)
      .run(tenant.id, (manager) => manager.query(`SELECT token_hash FROM refresh_tokens`));

    return rows.map((row) => row.token_hash);
  }

  it('returns an access token and a refresh token at login', async () => {
    const session = await login();
    expect(session.tokenType).toBe('Bearer');
    expect(session.expiresIn).toBe(900);
    expect(session.refreshExpiresIn).toBe(14 * 86400);
    expect(session.refreshToken).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
  });

  it('stores only the SHA-256 of a refresh token', async () => {
    const session = await login();
    const hashes = await storedHashes();
    const expected = createHash('sha256').update(session.refreshToken).digest('hex');
    expect(hashes).toContain(expected);
    expect(hashes.some((hash) => session.refreshToken.includes(hash))).toBe(false);
  });

  it('rotates the refresh token on every use', async () => {
    const first = await login();
    const response = await refresh(first.refreshToken);
    const second = (await response.json()) as Session;
    expect(response.status).toBe(200);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    const documents = await api.request('/api/v1/documents', { token: second.accessToken });
    expect(documents.status).toBe(200);
    const third = await refresh(second.refreshToken);
    expect(third.status).toBe(200);
  });

  it('revokes the whole family when a rotated token is reused', async () => {
    const first = await login();
    const second = (await (await refresh(first.refreshToken)).json()) as Session;
    const third = (await (await refresh(second.refreshToken)).json()) as Session;

    await expectRefreshRejected(first.refreshToken);
    await expectRefreshRejected(third.refreshToken);
    await expectRefreshRejected(second.refreshToken);
  });

  it('leaves other logins of the same user alive on reuse', async () => {
    const stolen = await login();
    const other = await login();
    await refresh(stolen.refreshToken);
    await expectRefreshRejected(stolen.refreshToken);
    const response = await refresh(other.refreshToken);
    expect(response.status).toBe(200);
  });

  it('records refresh token reuse in the audit log', async () => {
    const first = await login();
    await refresh(first.refreshToken);
    await expectRefreshRejected(first.refreshToken);
    const response = await api.request('/api/v1/audit-log?pageSize=100', {
      token: (await login()).accessToken,
    });
    const body = (await response.json()) as {
      items: { action: string; actorType: string; details: { revokedTokens: number } }[];
    };
    const reuse = body.items.find((item) => item.action === 'session.refresh_token_reused');
    expect(reuse).toMatchObject({ actorType: 'system' });
    expect(reuse?.details.revokedTokens).toBeGreaterThan(0);
  });

  it('rejects a refresh token after logout', async () => {
    const session = await login();
    const rotated = (await (await refresh(session.refreshToken)).json()) as Session;
    const logout = await api.request('/api/v1/auth/logout', {
      method: 'POST',
      json: { refreshToken: rotated.refreshToken },
    });
    expect(logout.status).toBe(204);
    await expectRefreshRejected(rotated.refreshToken);
  });

  it('answers logout of an unknown token with 204', async () => {
    const response = await api.request('/api/v1/auth/logout', {
      method: 'POST',
      json: { refreshToken: 'not-a-refresh-token' },
    });
    expect(response.status).toBe(204);
  });

  it.each([
    ['garbage', 'abc'],
    ['an unknown secret', `${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}.${'A'.repeat(43)}`],
    ['an access token', 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl'],
  ])('rejects %s as a refresh token', async (_name, token) => {
    await expectRefreshRejected(token);
  });

  it("rejects a refresh token moved to another tenant's id", async () => {
    const other = await api.createTenant('sessions-other');
    const session = await login();
    const moved = session.refreshToken.replace(tenant.id, other.id);
    await expectRefreshRejected(moved);
  });

  it.each([
    ['a missing token', {}],
    ['a number', { refreshToken: 42 }],
    ['an unknown field', { refreshToken: 'x', tenant_id: 'y' }],
  ])('rejects %s with 400', async (_name, json) => {
    const response = await api.request('/api/v1/auth/refresh', { method: 'POST', json });
    const body = (await response.json()) as { code: string };
    expect(response.status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses to refresh for a disabled user', async () => {
    const memberEmail = `refresh-member@${tenant.slug}.example`;
    const password = 'member-password-123';
    const created = await api.request('/api/v1/users', {
      method: 'POST',
      token: tenant.adminToken,
      json: { email: memberEmail, password, grantedRole: 'member' },
    });
    const member = (await created.json()) as { id: string };
    const sessionResponse = await api.request('/api/v1/auth/login', {
      method: 'POST',
      json: { tenant: tenant.slug, email: memberEmail, password },
    });
    const session = (await sessionResponse.json()) as Session;
    const disabled = await api.request(`/api/v1/users/${member.id}`, {
      method: 'PATCH',
      token: tenant.adminToken,
      json: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    await expectRefreshRejected(session.refreshToken);
  });

  it('issues the current role after a role change', async () => {
    const email = `promoted@${tenant.slug}.example`;
    const password = 'student-password-123';
    const created = await api.request('/api/v1/users', {
      method: 'POST',
      token: tenant.adminToken,
      json: { email, password, grantedRole: 'student' },
    });
    const user = (await created.json()) as { id: string };
    const session = (await (
      await api.request('/api/v1/auth/login', {
        method: 'POST',
        json: { tenant: tenant.slug, email, password },
      })
    ).json()) as Session;
    await api.request(`/api/v1/users/${user.id}`, {
      method: 'PATCH',
      token: tenant.adminToken,
      json: { grantedRole: 'member' },
    });
    const stale = await api.request('/api/v1/documents', { token: session.accessToken });
    expect(stale.status).toBe(401);
    const refreshed = (await (await refresh(session.refreshToken)).json()) as Session;
    const me = await api.request('/api/v1/auth/me', { token: refreshed.accessToken });
    expect(((await me.json()) as { role: string }).role).toBe('member');
  });
});
