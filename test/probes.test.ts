import { loadAppConfig } from '@fisiorag/config';

import { initErrorReporting } from '../apps/api/src/error-reporting';
import { FakeSentry } from './support/fake-sentry';
import { ScratchPostgres } from './support/scratch-postgres';
import { ScratchRedis } from './support/scratch-redis';
import { type TestApp, type TestTenant, startTestApp } from './support/test-app';

/** Kubernetes fails a probe after its timeout, so readiness must respond within this. */
const PROBE_DEADLINE_MS = 3000;
/** After a dependency comes back, readiness must return 200 within this. */
const RECOVERY_DEADLINE_MS = 5000;

interface ProbeResult {
  status: number;
  body: Record<string, unknown>;
}

interface HealthReport {
  status: string;
  details: Record<string, { status: string; responseTime?: number; message?: string }>;
}

/** GETs a probe path, and fails the test when the response takes longer than the deadline. */
async function probe(api: TestApp, path: string): Promise<ProbeResult> {
  const started = Date.now();
  let response: Response;
  try {
    response = await api.request(path, { signal: AbortSignal.timeout(PROBE_DEADLINE_MS) });
  } catch (error) {
    throw new Error(
      `${path} gave no response within ${PROBE_DEADLINE_MS} ms (after ${Date.now() - started} ms): ${String(error)}`,
      { cause: error },
    );
  }

  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * Polls readiness until it returns `expected`, checking liveness on every round. Fails when
 * `deadlineMs` pass first.
 */
async function waitForReadiness(
  api: TestApp,
  expected: number,
  deadlineMs: number,
): Promise<ProbeResult> {
  const started = Date.now();
  let last: ProbeResult | undefined;
  while (Date.now() - started < deadlineMs) {
    last = await probe(api, '/health/ready');
    if (last.status === expected) {
      return last;
    }
    expect((await probe(api, '/health/live')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `/health/ready did not return ${expected} within ${deadlineMs} ms; last response ${last?.status} ${JSON.stringify(last?.body)}`,
  );
}

const describeWithPostgres = ScratchPostgres.isAvailable() ? describe : describe.skip;
if (!ScratchPostgres.isAvailable()) {
  process.stderr.write(
    'probes.test.ts skipped: PostgreSQL 15 server binaries not found (set PG_BIN to their directory)\n',
  );
}

describeWithPostgres('health probes against a scratch PostgreSQL', () => {
  let cluster: ScratchPostgres;
  let sentry: FakeSentry;
  let api: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    cluster = await ScratchPostgres.create();
    await cluster.migrate();
    sentry = await FakeSentry.start();
    const env = {
      DATABASE_URL: cluster.appUrl,
      MIGRATIONS_DATABASE_URL: cluster.ownerUrl,
      DATABASE_POOL_SIZE: '2',
      SENTRY_DSN: sentry.dsn,
    };
    initErrorReporting(loadAppConfig({ ...env, APP_ENV: 'test' }));
    api = await startTestApp(env);
    tenant = await api.createTenant('probe');
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await cluster?.destroy();
    await sentry?.close();
  });

  it('reports the database up with latency', async () => {
    const ready = await probe(api, '/health/ready');
    expect(ready.status).toBe(200);

    const report = (await probe(api, '/health')).body as unknown as HealthReport;
    expect(report.status).toBe('ok');
    expect(report.details.database?.status).toBe('up');
    expect(typeof report.details.database?.responseTime).toBe('number');
  });

  it('fails readiness while PostgreSQL is stopped', async () => {
    await cluster.stop();
    try {
      const notReady = await waitForReadiness(api, 503, PROBE_DEADLINE_MS);
      expect(notReady.body.status).toBe('error');
      const report = (await probe(api, '/health')).body as unknown as HealthReport;
      expect(report.details.database?.status).toBe('down');
      // The public report names no host or port.
      expect(JSON.stringify(report)).not.toContain('127.0.0.1');
      expect(JSON.stringify(report)).not.toContain(String(cluster.port));
      expect((await probe(api, '/health/live')).status).toBe(200);
    } finally {
      await cluster.start();
    }

    await waitForReadiness(api, 200, RECOVERY_DEADLINE_MS);
  });

  it('fails readiness while PostgreSQL is frozen', async () => {
    await cluster.freeze();
    try {
      const notReady = await waitForReadiness(api, 503, PROBE_DEADLINE_MS);
      expect(notReady.body.status).toBe('error');
      const report = (await probe(api, '/health')).body as unknown as HealthReport;
      expect(report.details.database?.message).toMatch(/timeout|timed out/);
      expect((await probe(api, '/health/live')).status).toBe(200);
    } finally {
      await cluster.thaw();
    }

    await waitForReadiness(api, 200, RECOVERY_DEADLINE_MS);
    const documents = await api.request('/api/v1/documents', { token: tenant.adminToken });
    expect(documents.status).toBe(200);
  });

  it('reports an unexpected 500 to Sentry', async () => {
    await cluster.stop();
    let response: Response;
    try {
      response = await api.request('/api/v1/documents', { token: tenant.adminToken });
    } finally {
      await cluster.start();
    }
    const body = (await response.json()) as { requestId: string };
    expect(response.status).toBeGreaterThanOrEqual(500);

    const deadline = Date.now() + 5000;
    while (sentry.events().length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [event] = sentry.events() as { tags?: Record<string, string> }[];
    expect(event?.tags).toMatchObject({
      request_id: body.requestId,
      'http.method': 'GET',
      'http.route': '/api/v1/documents',
    });
    const envelopes = sentry.rawEnvelopes.join('\n');
    expect(envelopes).not.toContain(tenant.adminToken);
    expect(envelopes.toLowerCase()).not.toContain('authorization');
    await waitForReadiness(api, 200, RECOVERY_DEADLINE_MS);
  });
});

const describeWithRedis = ScratchRedis.isAvailable() ? describe : describe.skip;
if (!ScratchRedis.isAvailable()) {
  process.stderr.write(
    'probes.test.ts: Redis probes skipped because redis-server is not on PATH\n',
  );
}

describeWithRedis('health probes with REDIS_URL set', () => {
  let redis: ScratchRedis;
  let api: TestApp;

  beforeAll(async () => {
    redis = await ScratchRedis.create();
    api = await startTestApp({ REDIS_URL: redis.url });
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await redis?.destroy();
  });

  it('reports Redis up with latency', async () => {
    const report = (await waitForReadiness(api, 200, RECOVERY_DEADLINE_MS))
      .body as unknown as HealthReport;

    expect(report.details.redis?.status).toBe('up');
    expect(typeof report.details.redis?.responseTime).toBe('number');
  });

  it('fails readiness while Redis is stopped', async () => {
    await redis.stop();
    try {
      await waitForReadiness(api, 503, PROBE_DEADLINE_MS);
      const report = (await probe(api, '/health')).body as unknown as HealthReport;
      expect(report.details.redis?.status).toBe('down');
      expect(report.details.database?.status).toBe('up');
    } finally {
      await redis.start();
    }

    await waitForReadiness(api, 200, RECOVERY_DEADLINE_MS);
  });

  it('fails readiness while Redis is frozen', async () => {
    redis.freeze();
    try {
      await waitForReadiness(api, 503, PROBE_DEADLINE_MS);
      const report = (await probe(api, '/health')).body as unknown as HealthReport;
      expect(report.details.redis?.message).toMatch(/timeout|timed out/);
    } finally {
      redis.thaw();
    }

    await waitForReadiness(api, 200, RECOVERY_DEADLINE_MS);
  });
});
