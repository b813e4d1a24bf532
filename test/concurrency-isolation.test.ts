import { type TenantCorpus, runIsolationProbe, seedTenantCorpora } from './support/isolation-probe';
import { TEST_TARGET, type TestApp, startTestApp } from './support/test-app';

const TENANTS = 20;
const REQUESTS = 2000;
const CONCURRENCY = 32;
const POOL_SIZE = 4;

describe('tenant isolation under concurrency', () => {
  let api: TestApp;
  let corpora: TenantCorpus[];

  beforeAll(async () => {
    api = await startTestApp({
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      // The probe sends far more requests than the production limits allow.
      RATE_LIMIT_DEFAULT: '1000000',
      RATE_LIMIT_QUERY: '1000000',
    });
    corpora = await seedTenantCorpora(api, TENANTS);
  }, 300_000);

  afterAll(async () => {
    await api?.close();
  });

  it("shows no tenant another tenant's data", async () => {
    expect(CONCURRENCY).toBeGreaterThan(POOL_SIZE);

    const started = Date.now();
    const report = await runIsolationProbe(api, corpora, {
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      seed: 20_251_201,
    });
    process.stdout.write(
      `concurrency isolation (${TEST_TARGET}): ${report.requests} requests from ${CONCURRENCY} ` +
        `clients over a pool of ${POOL_SIZE}, ${TENANTS} tenants, ${Date.now() - started} ms; ` +
        `responses by operation and status: ${JSON.stringify(report.counts)}; ` +
        `violations: ${report.violations.length}\n`,
    );

    expect(report.violations.slice(0, 20)).toEqual([]);
    expect(report.requests).toBe(REQUESTS);
    expect(report.counts['get-foreign']?.[404]).toBeGreaterThan(0);
    expect(report.counts['delete-foreign']?.[404]).toBeGreaterThan(0);
    expect(report.counts['delete-own']?.[204]).toBeGreaterThan(0);
  }, 600_000);
});
