import { type TestApp, type TestTenant, startTestApp } from './support/test-app';

interface Problem {
  code: string;
  errors: { field: string; constraint: string; message: string }[];
}

interface OpenApiOperation {
  operationId: string;
  responses: Record<string, unknown>;
  parameters?: { name: string }[];
  requestBody?: unknown;
  'x-required-roles'?: string[];
}

/** Operations this library adds, with the roles each must admit. */
const PROTECTED_OPERATIONS: Record<string, string[]> = {
  getCurrentCaller: ['admin', 'member', 'student', 'platform_admin'],
  createUser: ['admin'],
  listUsers: ['admin'],
  getUser: ['admin'],
  updateUser: ['admin'],
  deleteUser: ['admin'],
  createAccessCode: ['admin'],
  listAccessCodes: ['admin'],
  revokeAccessCode: ['admin'],
  listAuditLog: ['admin'],
  createTenant: ['platform_admin'],
  listTenants: ['platform_admin'],
  getTenant: ['platform_admin'],
  suspendTenant: ['platform_admin'],
  activateTenant: ['platform_admin'],
  deleteTenant: ['platform_admin'],
};

const PUBLIC_OPERATIONS = [
  'login',
  'refreshSession',
  'logout',
  'exchangeAccessCode',
  'platformLogin',
];

describe('identity comes only from the token', () => {
  let api: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;

  beforeAll(async () => {
    api = await startTestApp();
    tenant = await api.createTenant('identity');
    other = await api.createTenant('identity-other');
  });

  afterAll(async () => {
    await api.close();
  });

  async function expectRejectedField(response: Response, field: string): Promise<void> {
    const body = (await response.json()) as Problem;
    expect(response.status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((error) => error.field)).toContain(field);
  }

  it.each(['tenant_id', 'tenantId', 'userId', 'user_id', 'role'])(
    'rejects %s in a JSON body',
    async (field) => {
      const response = await api.request('/api/v1/query', {
        method: 'POST',
        token: tenant.adminToken,
        json: { question: 'Che cosa è la lombalgia?', [field]: other.id },
      });
      await expectRejectedField(response, field);
    },
  );

  it.each(['tenant_id', 'tenantId', 'userId', 'role'])(
    'rejects %s in the query string',
    async (field) => {
      const response = await api.request(`/api/v1/documents?${field}=${other.id}`, {
        token: tenant.adminToken,
      });
      await expectRejectedField(response, field);
    },
  );

  it('rejects identity fields in the query of a route without query parameters', async () => {
    const response = await api.request(`/api/v1/search?tenantId=${other.id}`, {
      method: 'POST',
      token: tenant.adminToken,
      json: { query: 'spalla' },
    });
    await expectRejectedField(response, 'tenantId');
  });

  it.each(['x-tenant-id', 'tenant-id', 'x-user-id', 'x-role', 'tenant_id'])(
    'rejects the %s header',
    async (header) => {
      const response = await api.request('/api/v1/documents', {
        token: tenant.adminToken,
        headers: { [header]: other.id },
      });
      await expectRejectedField(response, `headers.${header}`);
    },
  );

  it('rejects identity fields on public routes too', async () => {
    const response = await api.request('/api/v1/auth/login', {
      method: 'POST',
      json: {
        tenant: tenant.slug,
        email: tenant.adminEmail,
        password: tenant.adminPassword,
        role: 'admin',
      },
    });
    await expectRejectedField(response, 'role');
  });

  it('localizes the rejection in Italian by default', async () => {
    const response = await api.request('/api/v1/documents', {
      token: tenant.adminToken,
      headers: { 'x-tenant-id': other.id },
    });
    const body = (await response.json()) as Problem & { detail: string };
    expect(body.detail).toMatch(/campi non validi/);
    expect(body.errors[0]?.message).toMatch(/non è ammesso/);
  });

  describe('OpenAPI document', () => {
    let operations: Map<string, OpenApiOperation>;
    let schemas: Record<string, { properties?: Record<string, unknown> }>;

    beforeAll(async () => {
      const response = await api.request('/docs-json');
      const document = (await response.json()) as {
        paths: Record<string, Record<string, OpenApiOperation>>;
        components: { schemas: typeof schemas };
      };
      schemas = document.components.schemas;
      operations = new Map(
        Object.values(document.paths)
          .flatMap((path) => Object.values(path))
          .map((operation) => [operation.operationId, operation]),
      );
    });

    it.each(Object.entries(PROTECTED_OPERATIONS))(
      'lists the roles of %s with a 403 response',
      (operationId, roles) => {
        const operation = operations.get(operationId);
        expect(operation?.['x-required-roles']).toEqual(roles);
        expect(operation?.responses).toHaveProperty('403');
        expect(operation?.responses).toHaveProperty('401');
      },
    );

    it.each(PUBLIC_OPERATIONS)('documents the public operation %s', (operationId) => {
      const operation = operations.get(operationId);
      expect(operation).toBeDefined();
      expect(operation?.['x-required-roles']).toBeUndefined();
    });

    it('has no request parameter or body field that names an identity', () => {
      const identity = /^(tenant_?id|user_?id|role)$/i;
      const offenders: string[] = [];
      for (const operation of operations.values()) {
        for (const parameter of operation.parameters ?? []) {
          if (identity.test(parameter.name)) {
            offenders.push(`${operation.operationId} parameter ${parameter.name}`);
          }
        }
        const reference = JSON.stringify(operation.requestBody ?? {}).match(
          /#\/components\/schemas\/(\w+)/g,
        );
        for (const name of (reference ?? []).map((ref) => ref.split('/').pop() as string)) {
          const fields = Object.keys(schemas[name]?.properties ?? {}).filter((field) =>
            identity.test(field),
          );
          offenders.push(...fields.map((field) => `${operation.operationId} body ${field}`));
        }
      }
      expect(offenders).toEqual([]);
    });
  });
});
