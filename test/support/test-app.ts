import { randomBytes, randomUUID } from 'node:crypto';

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as argon2 from 'argon2';

import { PlatformAdminsService, TenantProvisioningService, type UserRole } from '@fisiorag/auth';
import { TenantDatabase, migrateDatabase } from '@fisiorag/database';

import { createApp } from '../../apps/api/src/create-app';

/** `embedded` (default) runs on in-memory PGlite; `postgres` on TEST_DATABASE_URL. */
export const TEST_TARGET =
  process.env.FISIORAG_TEST_TARGET === 'postgres' ? 'postgres' : 'embedded';

export interface TestTenant {
  id: string;
  slug: string;
  adminEmail: string;
  adminPassword: string;
  adminToken: string;
}

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  request(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  createTenant(prefix?: string): Promise<TestTenant>;
  createUser(tenant: TestTenant, role: UserRole): Promise<string>;
  login(slug: string, email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

function postgresEnv(): Record<string, string> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'FISIORAG_TEST_TARGET=postgres needs TEST_DATABASE_URL (and TEST_MIGRATIONS_DATABASE_URL): ' +
        'run scripts/prepare-test-database.sh',
    );
  }

  return {
    DATABASE_URL: url,
    MIGRATIONS_DATABASE_URL: process.env.TEST_MIGRATIONS_DATABASE_URL ?? url,
  };
}

/** Applies migrations as the owner and lets the test login act as the application role. */
async function preparePostgres(env: Record<string, string>): Promise<void> {
  const ownerUrl = env.MIGRATIONS_DATABASE_URL as string;
  await migrateDatabase({ url: ownerUrl, vectorDimension: 1536 });
  const appUser = new URL(env.DATABASE_URL as string).username;
  const { Client } = await import('pg');
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`GRANT fisiorag_app TO ${client.escapeIdentifier(appUser)}`);
  } finally {
    await client.end();
  }
}

/** Starts the whole API on a loopback port with a fresh database (embedded) or schema (postgres). */
export async function startTestApp(extraEnv: Record<string, string> = {}): Promise<TestApp> {
  const targetEnv = TEST_TARGET === 'postgres' ? postgresEnv() : { PGLITE_DATA_DIR: 'memory://' };
  if (TEST_TARGET === 'postgres') {
    await preparePostgres(targetEnv);
  }
  const env: Record<string, string> = {
    APP_ENV: 'test',
    LOG_LEVEL: 'warn',
    JWT_SECRET_KEY: randomBytes(32).toString('hex'),
    DATABASE_POOL_SIZE: '4',
    DEMO_TENANT_SLUG: `demo-${randomUUID().slice(0, 8)}`,
    // Suites send more questions and logins per minute than the production limits admit;
    // test/throttling.test.ts passes its own limits.
    RATE_LIMIT_DEFAULT: '100000',
    RATE_LIMIT_QUERY: '100000',
    RATE_LIMIT_LOGIN_PER_IP: '100000',
    ...targetEnv,
    ...extraEnv,
  };
  const app = await createApp({ env });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;

  const request: TestApp['request'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) {
      headers.set('authorization', `Bearer ${init.token}`);
    }
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }

    return fetch(`${baseUrl}${path}`, { ...init, headers, body });
  };

  const login = async (slug: string, email: string, password: string): Promise<string> => {
    const response = await request('/api/v1/auth/login', {
      method: 'POST',
      json: { tenant: slug, email, password },
    });
    if (response.status !== 200) {
      throw new Error(`login failed with ${response.status}: ${await response.text()}`);
    }

    return ((await response.json()) as { accessToken: string }).accessToken;
  };

  const createTenant = async (prefix = 't'): Promise<TestTenant> => {
    const slug = `${prefix}-${randomUUID().slice(0, 8)}`;
    const adminEmail = `admin@${slug}.example`;
    const adminPassword = randomBytes(12).toString('base64url');
    const tenant = await app
      .get(TenantProvisioningService)
      .createTenantWithAdmin({ slug, name: `Tenant ${slug}`, adminEmail, adminPassword });

    return {
      id: tenant.id,
      slug,
      adminEmail,
      adminPassword,
      adminToken: await login(slug, adminEmail, adminPassword),
    };
  };

  const createUser = async (tenant: TestTenant, role: UserRole): Promise<string> => {
    const email = `${role}-${randomUUID().slice(0, 8)}@${tenant.slug}.example`;
    const password = randomBytes(12).toString('base64url');
    const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
    await app
      .get(TenantDatabase)
      .run(tenant.id, (manager) =>
        manager.query(
          `INSERT INTO users (tenant_id, email, password_hash, role) VALUES ($1, $2, $3, $4)`,
          [tenant.id, email, passwordHash, role],
        ),
      );

    return login(tenant.slug, email, password);
  };

  return { app, baseUrl, request, createTenant, createUser, login, close: () => app.close() };
}

/** Uploads a JSON document as the tenant admin and returns the created document. */
export async function uploadText(
  testApp: TestApp,
  token: string,
  title: string,
  text: string,
): Promise<{ id: string; status: string; chunkCount: number }> {
  const response = await testApp.request('/api/v1/documents', {
    method: 'POST',
    token,
    json: { title, text },
  });
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`upload failed with ${response.status}: ${await response.text()}`);
  }

  return (await response.json()) as { id: string; status: string; chunkCount: number };
}

/** Creates a platform admin through the same service as the CLI and returns its access token. */
export async function createPlatformAdmin(
  testApp: TestApp,
): Promise<{ id: string; email: string; password: string; token: string }> {
  const email = `ops-${randomUUID().slice(0, 8)}@platform.example`;
  const password = randomBytes(12).toString('base64url');
  const admin = await testApp.app.get(PlatformAdminsService).create(email, password);
  const response = await testApp.request('/api/v1/auth/platform/login', {
    method: 'POST',
    json: { email, password },
  });
  if (response.status !== 200) {
    throw new Error(`platform login failed with ${response.status}: ${await response.text()}`);
  }
  const { accessToken } = (await response.json()) as { accessToken: string };

  return { id: admin.id, email, password, token: accessToken };
}
