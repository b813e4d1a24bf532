import { randomBytes, randomUUID } from 'node:crypto';

import { type JWTPayload, SignJWT } from 'jose';

import {
  type JwksServer,
  type SigningKey,
  generateSigningKey,
  startJwksServer,
} from './support/jwks-server';
import {
  type TestApp,
  type TestTenant,
  createPlatformAdmin,
  startTestApp,
  uploadText,
} from './support/test-app';

const SECRET = randomBytes(32).toString('hex');
const ISSUER = 'fisiorag-test';
const AUDIENCE = 'fisiorag-api-test';
const SSO_ISSUER = 'https://sso.university.example';
const SSO_AUDIENCE = 'fisiorag-sso';
const MARKER = 'Protocollo Melograno per la spalla congelata';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Signs with our HS256 secret unless `options.secret` is set; `options.header` overrides header fields. */
async function hmacToken(
  claims: JWTPayload,
  options: { secret?: string | Uint8Array; header?: Record<string, unknown> } = {},
): Promise<string> {
  const key =
    typeof options.secret === 'string'
      ? new TextEncoder().encode(options.secret)
      : (options.secret ?? new TextEncoder().encode(SECRET));

  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', ...options.header })
    .sign(key);
}

async function ssoToken(
  key: SigningKey,
  claims: JWTPayload,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })
    .sign(key.privateKey);
}

describe('access token verification', () => {
  let api: TestApp;
  let jwks: JwksServer;
  let firstKey: SigningKey;
  let tenant: TestTenant;
  let adminId: string;

  function validClaims(overrides: JWTPayload = {}): JWTPayload {
    return {
      sub: adminId,
      tid: tenant.id,
      role: 'admin',
      iss: ISSUER,
      aud: AUDIENCE,
      iat: nowSeconds(),
      exp: nowSeconds() + 600,
      ...overrides,
    };
  }

  function ssoClaims(overrides: JWTPayload = {}): JWTPayload {
    return {
      sub: 'matricola-123456',
      iss: SSO_ISSUER,
      aud: SSO_AUDIENCE,
      tenant: tenant.slug,
      role: 'student',
      iat: nowSeconds(),
      exp: nowSeconds() + 600,
      ...overrides,
    };
  }

  function listDocuments(token: string): Promise<Response> {
    return api.request('/api/v1/documents', { token });
  }

  /** Expects 401 UNAUTHENTICATED and a body without any of the tenant's data. */
  async function expectRejected(token: string): Promise<void> {
    const response = await listDocuments(token);
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(JSON.parse(text)).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(text).not.toContain(tenant.id);
    expect(text).not.toContain(tenant.slug);
    expect(text).not.toContain('Melograno');
  }

  beforeAll(async () => {
    firstKey = await generateSigningKey('sso-key-1');
    jwks = await startJwksServer([firstKey]);
    api = await startTestApp({
      JWT_SECRET_KEY: SECRET,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      JWT_JWKS_URL: jwks.url,
      JWT_JWKS_ISSUER: SSO_ISSUER,
      JWT_JWKS_AUDIENCE: SSO_AUDIENCE,
      JWT_JWKS_COOLDOWN: '0',
    });
    tenant = await api.createTenant('tokens');
    await uploadText(api, tenant.adminToken, MARKER, `# ${MARKER}\n\n${MARKER}: mobilizzazione.`);
    const me = await api.request('/api/v1/auth/me', { token: tenant.adminToken });
    adminId = ((await me.json()) as { id: string }).id;
  });

  afterAll(async () => {
    await api?.close();
    await jwks?.close();
  });

  it('accepts a well-formed token of our own', async () => {
    const response = await listDocuments(await hmacToken(validClaims()));
    const body = (await response.json()) as { items: { title: string }[] };
    expect(response.status).toBe(200);
    expect(body.items.map((item) => item.title)).toContain(MARKER);
  });

  it('issues tokens with the at+jwt type and a 15 minute default lifetime', async () => {
    const response = await api.request('/api/v1/auth/login', {
      method: 'POST',
      json: { tenant: tenant.slug, email: tenant.adminEmail, password: tenant.adminPassword },
    });
    const body = (await response.json()) as { accessToken: string; expiresIn: number };
    const [header, payload] = body.accessToken
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    expect(body.expiresIn).toBe(900);
    expect(header).toEqual({ alg: 'HS256', typ: 'at+jwt' });
    expect(payload.exp - payload.iat).toBe(900);
    expect(payload).toMatchObject({ iss: ISSUER, aud: AUDIENCE, tid: tenant.id, role: 'admin' });
  });

  it('rejects alg none', async () => {
    const header = base64url({ alg: 'none', typ: 'at+jwt' });
    await expectRejected(`${header}.${base64url(validClaims())}.`);
  });

  it('rejects HS256 signed with the JWKS public key as secret', async () => {
    const asSsoToken = ssoClaims({ role: 'admin' });
    const asOwnToken = validClaims();
    for (const secret of [firstKey.publicPem, JSON.stringify(firstKey.publicJwk)]) {
      await expectRejected(await hmacToken(asSsoToken, { secret, header: { kid: firstKey.kid } }));
      await expectRejected(await hmacToken(asOwnToken, { secret }));
    }
  });

  it('rejects a bad signature', async () => {
    await expectRejected(
      await hmacToken(validClaims(), { secret: randomBytes(32).toString('hex') }),
    );
    const token = await hmacToken(validClaims());
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    await expectRejected(tampered);
  });

  it('rejects an expired token beyond the clock skew', async () => {
    await expectRejected(
      await hmacToken(validClaims({ iat: nowSeconds() - 1000, exp: nowSeconds() - 120 })),
    );
  });

  it('rejects nbf in the future beyond the clock skew', async () => {
    await expectRejected(await hmacToken(validClaims({ nbf: nowSeconds() + 300 })));
  });

  it('accepts nbf within the clock skew', async () => {
    const response = await listDocuments(await hmacToken(validClaims({ nbf: nowSeconds() + 10 })));
    expect(response.status).toBe(200);
  });

  it('rejects a token without exp', async () => {
    const claims = validClaims();
    delete claims.exp;
    await expectRejected(await hmacToken(claims));
  });

  it('rejects a wrong audience', async () => {
    await expectRejected(await hmacToken(validClaims({ aud: 'another-api' })));
  });

  it('rejects a wrong issuer', async () => {
    await expectRejected(await hmacToken(validClaims({ iss: 'someone-else' })));
  });

  it('rejects a wrong typ', async () => {
    for (const typ of ['JWT', 'refresh+jwt', 'id_token']) {
      await expectRejected(await hmacToken(validClaims(), { header: { typ } }));
    }
    await expectRejected(
      await new SignJWT(validClaims())
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(SECRET)),
    );
  });

  it('rejects a refresh token used as an access token', async () => {
    const login = await api.request('/api/v1/auth/login', {
      method: 'POST',
      json: { tenant: tenant.slug, email: tenant.adminEmail, password: tenant.adminPassword },
    });
    const { refreshToken } = (await login.json()) as { refreshToken: string };
    await expectRejected(refreshToken);
  });

  it('rejects claims of the wrong shape', async () => {
    await expectRejected(await hmacToken(validClaims({ role: 'superuser' })));
    await expectRejected(await hmacToken(validClaims({ tid: 'not-a-uuid' })));
    await expectRejected(await hmacToken(validClaims({ sub: 'admin' })));
    await expectRejected(await hmacToken(validClaims({ role: 'platform_admin' })));
  });

  it('rejects a valid token of an unknown user', async () => {
    await expectRejected(await hmacToken(validClaims({ sub: randomUUID() })));
  });

  it('rejects a valid token whose role differs from the account', async () => {
    await expectRejected(await hmacToken(validClaims({ role: 'member' })));
    await expectRejected(await hmacToken(validClaims({ role: 'student' })));
  });

  it('rejects a valid token of a disabled user', async () => {
    const memberToken = await api.createUser(tenant, 'member');
    expect((await listDocuments(memberToken)).status).toBe(200);
    const me = (await (await api.request('/api/v1/auth/me', { token: memberToken })).json()) as {
      id: string;
    };
    const disabled = await api.request(`/api/v1/users/${me.id}`, {
      method: 'PATCH',
      token: tenant.adminToken,
      json: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    await expectRejected(memberToken);
  });

  it('rejects a valid token of a suspended tenant', async () => {
    const other = await api.createTenant('suspended');
    const platform = await createPlatformAdmin(api);
    expect((await api.request('/api/v1/documents', { token: other.adminToken })).status).toBe(200);
    const suspended = await api.request(`/api/v1/platform/tenants/${other.id}/suspend`, {
      method: 'POST',
      token: platform.token,
    });
    expect(suspended.status).toBe(200);
    const response = await api.request('/api/v1/documents', { token: other.adminToken });
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(text).not.toContain(other.id);
    expect(text).not.toContain(other.slug);
  });

  describe('external OpenID Connect provider', () => {
    it('accepts a token signed by a JWKS key and maps tenant and role', async () => {
      const token = await ssoToken(firstKey, ssoClaims());
      const me = await api.request('/api/v1/auth/me', { token });
      const body = (await me.json()) as { kind: string; role: string; tenant: { id: string } };
      expect(me.status).toBe(200);
      expect(body).toMatchObject({ kind: 'external', role: 'student', tenant: { id: tenant.id } });
      expect((await listDocuments(token)).status).toBe(200);
    });

    it('maps one subject to one stable user id', async () => {
      const ids = [];
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const token = await ssoToken(firstKey, ssoClaims({ iat: nowSeconds() + attempt }));
        ids.push(
          ((await (await api.request('/api/v1/auth/me', { token })).json()) as { id: string }).id,
        );
      }
      expect(ids[0]).toBe(ids[1]);
      expect(ids[0]).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    });

    it('picks the highest tenant role of an array claim', async () => {
      const token = await ssoToken(firstKey, ssoClaims({ role: ['student', 'member', 'other'] }));
      const body = (await (await api.request('/api/v1/auth/me', { token })).json()) as {
        role: string;
      };
      expect(body.role).toBe('member');
    });

    it('rejects wrong audience, expiry, tenant and role of a JWKS token', async () => {
      await expectRejected(await ssoToken(firstKey, ssoClaims({ aud: 'another-client' })));
      await expectRejected(
        await ssoToken(firstKey, ssoClaims({ iat: nowSeconds() - 900, exp: nowSeconds() - 120 })),
      );
      await expectRejected(await ssoToken(firstKey, ssoClaims({ nbf: nowSeconds() + 300 })));
      await expectRejected(await ssoToken(firstKey, ssoClaims({ tenant: 'no-such-tenant' })));
      await expectRejected(await ssoToken(firstKey, ssoClaims({ role: 'platform_admin' })));
      await expectRejected(await ssoToken(firstKey, ssoClaims({ role: undefined })));
      await expectRejected(await ssoToken(firstKey, ssoClaims(), { typ: 'logout+jwt' }));
    });

    it('rejects a token signed by a key the JWKS does not publish', async () => {
      const stranger = await generateSigningKey('sso-key-1');
      await expectRejected(await ssoToken(stranger, ssoClaims()));
    });

    it('accepts ES256 and rejects PS256, which JWT_JWKS_ALGORITHMS does not list', async () => {
      const ecKey = await generateSigningKey('sso-ec', 'ES256');
      const psKey = await generateSigningKey('sso-ps', 'PS256');
      jwks.keys.push(ecKey, psKey);
      expect((await listDocuments(await ssoToken(ecKey, ssoClaims()))).status).toBe(200);
      await expectRejected(await ssoToken(psKey, ssoClaims()));
    });

    it('fetches the JWKS again when a rotated key appears', async () => {
      const rotated = await generateSigningKey('sso-key-2');
      jwks.keys.push(rotated);
      const before = jwks.requests;
      const response = await listDocuments(await ssoToken(rotated, ssoClaims()));
      expect(response.status).toBe(200);
      expect(jwks.requests).toBeGreaterThan(before);
    });

    it('caches the JWKS between requests', async () => {
      const token = await ssoToken(firstKey, ssoClaims());
      await listDocuments(token);
      const before = jwks.requests;
      for (let attempt = 0; attempt < 5; attempt += 1) {
        expect((await listDocuments(token)).status).toBe(200);
      }
      expect(jwks.requests).toBe(before);
    });

    it('answers 503 when the JWKS endpoint fails', async () => {
      const unknownKey = await generateSigningKey('sso-key-unpublished');
      jwks.failing = true;
      try {
        const response = await listDocuments(await ssoToken(unknownKey, ssoClaims()));
        const body = (await response.json()) as { code: string };
        expect(response.status).toBe(503);
        expect(body.code).toBe('IDENTITY_PROVIDER_UNAVAILABLE');
      } finally {
        jwks.failing = false;
      }
    });
  });
});
