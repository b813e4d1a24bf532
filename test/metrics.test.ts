import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';

import { METRIC_NAMES, MetricsServer, RESERVED_METRIC_NAMES } from '@fisiorag/metrics';

import { type TestApp, type TestTenant, startTestApp, uploadText } from './support/test-app';

const PROMTOOL_AVAILABLE = spawnSync('promtool', ['--version']).status === 0;

/** One sample line of the Prometheus text format. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseSamples(exposition: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) {
      continue;
    }
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key as string] = value as string;
    }
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }

  return samples;
}

/** Label sets of one metric's samples, as sorted strings. */
function seriesOf(samples: Sample[], name: string): string[] {
  return samples
    .filter((sample) => sample.name === name)
    .map((sample) => JSON.stringify(sample.labels))
    .sort();
}

function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.find(
    (sample) =>
      sample.name === name &&
      Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  if (!found) {
    throw new Error(`no sample ${name}${JSON.stringify(labels)}`);
  }

  return found.value;
}

describe('Prometheus metrics', () => {
  let api: TestApp;
  let tenant: TestTenant;
  let metricsUrl: string;

  async function scrape(): Promise<string> {
    const response = await fetch(`${metricsUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');

    return response.text();
  }

  beforeAll(async () => {
    api = await startTestApp({
      PROMETHEUS_ENABLED: 'true',
      METRICS_PORT: '0',
      RATE_LIMIT_DEFAULT: '100000',
    });
    const address = api.app.get(MetricsServer).address();
    if (!address) {
      throw new Error('the metrics listener did not start');
    }
    metricsUrl = `http://127.0.0.1:${address.port}`;
    tenant = await api.createTenant('metrics');
    await uploadText(
      api,
      tenant.adminToken,
      'Distorsione di caviglia',
      '# Distorsione di caviglia\n\nIl protocollo PRICE riduce il gonfiore nelle prime 48 ore ' +
        'dopo una distorsione laterale di caviglia. Il carico progressivo inizia dal terzo giorno.',
    );
    for (const question of [
      'Cosa riduce il gonfiore dopo una distorsione di caviglia?',
      'Qual è la capitale della Mongolia?',
    ]) {
      const response = await api.request('/api/v1/query', {
        method: 'POST',
        token: tenant.adminToken,
        json: { question },
      });
      expect(response.status).toBe(200);
    }
  });

  afterAll(async () => {
    await api?.close();
  });

  it('publishes every listed metric', async () => {
    const samples = parseSamples(await scrape());
    const names = new Set(samples.map((sample) => sample.name));

    expect(names).toContain('process_cpu_user_seconds_total');
    expect(names).toContain('nodejs_eventloop_lag_seconds');
    expect(names).toContain(`${METRIC_NAMES.httpRequestDuration}_count`);
    expect(names).toContain(`${METRIC_NAMES.queryDuration}_count`);
    expect(names).toContain(`${METRIC_NAMES.ingestionDuration}_count`);
    expect(sampleValue(samples, METRIC_NAMES.queries, { outcome: 'answered' })).toBe(1);
    expect(sampleValue(samples, METRIC_NAMES.queries, { outcome: 'out_of_context' })).toBe(1);
    expect(sampleValue(samples, METRIC_NAMES.documents, { outcome: 'ready' })).toBe(1);
    expect(sampleValue(samples, METRIC_NAMES.chunks)).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, METRIC_NAMES.activeUsers)).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(samples, METRIC_NAMES.databaseConnections, { state: 'idle' }),
    ).toBeGreaterThan(0);
    expect(
      sampleValue(samples, `${METRIC_NAMES.httpRequestDuration}_count`, {
        method: 'POST',
        route: '/api/v1/query',
        status_code: '200',
      }),
    ).toBe(2);
  });

  it('publishes none of the reserved names', async () => {
    const exposition = await scrape();

    for (const name of Object.values(RESERVED_METRIC_NAMES)) {
      expect(exposition).not.toMatch(new RegExp(`^${name}(_|\\{| )`, 'm'));
    }
  });

  it('is not served on the public port', async () => {
    const response = await api.request('/metrics');

    expect(response.status).toBe(404);
  });

  it('rejects other paths and methods', async () => {
    expect((await fetch(`${metricsUrl}/`)).status).toBe(404);
    expect((await fetch(`${metricsUrl}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('keeps route labels bounded', async () => {
    const requestMany = async (count: number) => {
      for (let index = 0; index < count; index += 1) {
        const unknown = await api.request(`/api/v1/documents/${randomUUID()}`, {
          token: tenant.adminToken,
        });
        expect(unknown.status).toBe(404);
        const malformed = await api.request(`/api/v1/documents/not-a-uuid-${index}`, {
          token: tenant.adminToken,
        });
        expect(malformed.status).toBe(400);
        const unmatched = await api.request(`/api/v1/no-such-route/${randomUUID()}?q=${index}`);
        expect(unmatched.status).toBe(404);
      }
    };
    await requestMany(1);
    const before = parseSamples(await scrape());

    await requestMany(100);
    const after = parseSamples(await scrape());

    const name = `${METRIC_NAMES.httpRequestDuration}_count`;
    expect(seriesOf(after, name)).toEqual(seriesOf(before, name));
    const routes = new Set(
      after.filter((sample) => sample.name === name).map((sample) => sample.labels.route),
    );
    expect(routes).toContain('/api/v1/documents/:id');
    expect(routes).toContain('unmatched');
    expect([...routes].some((route) => route?.includes('no-such-route'))).toBe(false);
    expect(
      sampleValue(after, name, {
        method: 'GET',
        route: '/api/v1/documents/:id',
        status_code: '404',
      }),
    ).toBe(101);
  });

  (PROMTOOL_AVAILABLE ? it : it.skip)('passes promtool check metrics', async () => {
    const exposition = await scrape();
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      const child = execFile('promtool', ['check', 'metrics'], (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
      );
      child.stdin?.end(exposition);
    });

    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });
});

if (!PROMTOOL_AVAILABLE) {
  process.stderr.write(
    'metrics.test.ts: promtool not found, so "passes promtool check metrics" is skipped; ' +
      'install it with scripts/setup-promtool.sh\n',
  );
}
