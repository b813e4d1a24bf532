import { randomBytes } from 'node:crypto';

import { TENANT_TABLES, TenantDatabase } from '@fisiorag/database';

import { type TestApp, type TestTenant, uploadText } from './test-app';

/** One tenant's documents and the words that appear only in them. */
export interface TenantCorpus {
  tenant: TestTenant;
  /** Word used in questions, so retrieval finds the tenant's passages. */
  marker: string;
  /** Word never sent in a request: seeing it in another tenant's response is a leak. */
  secret: string;
  /** Documents that no request deletes; they must survive the probe. */
  keptIds: string[];
  /** Documents the owner deletes during the probe (204 once, then 404). */
  deletableIds: string[];
}

export type ProbeOperation =
  'query' | 'search' | 'list' | 'get-own' | 'get-foreign' | 'delete-own' | 'delete-foreign';

export interface ProbeReport {
  requests: number;
  /** Responses per operation and HTTP status, e.g. `{ query: { 200: 412 } }`. */
  counts: Record<string, Record<number, number>>;
  /** One line per response that showed another tenant's data or an unexpected status. */
  violations: string[];
}

function word(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/** Creates `tenants` tenants, each with `keptPerTenant` documents that stay and one to delete. */
export async function seedTenantCorpora(
  api: TestApp,
  tenants: number,
  keptPerTenant = 2,
): Promise<TenantCorpus[]> {
  const corpora: TenantCorpus[] = [];
  for (let index = 0; index < tenants; index += 1) {
    const tenant = await api.createTenant(`iso${index}`);
    const marker = word('protocollo');
    const secret = word('segreto');
    const ids: string[] = [];
    for (let document = 0; document <= keptPerTenant; document += 1) {
      const text =
        `# Scheda ${marker} ${document}\n\n` +
        `Il protocollo ${marker} prevede esercizi di rinforzo del quadricipite, scheda ${document}.\n\n` +
        `Nota riservata della scheda ${document}: ${secret}.`;
      ids.push((await uploadText(api, tenant.adminToken, `Scheda ${marker} ${document}`, text)).id);
    }
    corpora.push({
      tenant,
      marker,
      secret,
      keptIds: ids.slice(0, keptPerTenant),
      deletableIds: ids.slice(keptPerTenant),
    });
  }

  return corpora;
}

/** Small deterministic generator (mulberry32), so a failing run can be replayed by its seed. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PlannedRequest {
  operation: ProbeOperation;
  owner: TenantCorpus;
  /** Another tenant whose marker or id the request uses, when it uses one. */
  other?: TenantCorpus;
  path: string;
  method: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
}

const OPERATIONS: ProbeOperation[] = [
  'query',
  'search',
  'list',
  'get-own',
  'get-foreign',
  'delete-own',
  'delete-foreign',
];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function planRequest(corpora: TenantCorpus[], random: () => number): PlannedRequest {
  const owner = pick(corpora, random);
  const other = pick(
    corpora.filter((corpus) => corpus !== owner),
    random,
  );
  const operation = pick(OPERATIONS, random);
  // Half of the questions name another tenant's marker, which must still find nothing of it.
  const questionMarker = random() < 0.5 ? owner.marker : other.marker;
  switch (operation) {
    case 'query':
      return {
        operation,
        owner,
        other,
        method: 'POST',
        path: '/api/v1/query',
        body: { question: `Che cosa prevede il protocollo ${questionMarker}?`, topK: 10 },
      };
    case 'search':
      return {
        operation,
        owner,
        other,
        method: 'POST',
        path: '/api/v1/search',
        body: { query: `protocollo ${questionMarker} quadricipite`, topK: 20 },
      };
    case 'list':
      return { operation, owner, method: 'GET', path: '/api/v1/documents?pageSize=100' };
    case 'get-own':
      return {
        operation,
        owner,
        method: 'GET',
        path: `/api/v1/documents/${pick([...owner.keptIds, ...owner.deletableIds], random)}?includeContent=true`,
      };
    case 'get-foreign':
      return {
        operation,
        owner,
        other,
        method: 'GET',
        path: `/api/v1/documents/${pick([...other.keptIds, ...other.deletableIds], random)}?includeContent=true`,
      };
    case 'delete-own':
      return {
        operation,
        owner,
        method: 'DELETE',
        path: `/api/v1/documents/${pick(owner.deletableIds, random)}`,
      };
    case 'delete-foreign':
      return {
        operation,
        owner,
        other,
        method: 'DELETE',
        path: `/api/v1/documents/${pick([...other.keptIds, ...other.deletableIds], random)}`,
      };
  }
}

const EXPECTED_STATUSES: Record<ProbeOperation, number[]> = {
  query: [200],
  search: [200],
  list: [200],
  // The owner's deletable document is gone once a delete-own request ran.
  'get-own': [200, 404],
  'get-foreign': [404],
  'delete-own': [204, 404],
  'delete-foreign': [404],
};

/** Document ids that a response names, from passages, citations and list items. */
function documentIdsIn(body: unknown): string[] {
  if (body === null || typeof body !== 'object') {
    return [];
  }
  const record = body as {
    id?: string;
    passages?: { documentId: string }[];
    citations?: { documentId: string }[];
    items?: { id: string }[];
  };

  return [
    ...(record.id ? [record.id] : []),
    ...(record.passages ?? []).map((passage) => passage.documentId),
    ...(record.citations ?? []).map((citation) => citation.documentId),
    ...(record.items ?? []).map((item) => item.id),
  ];
}

/** Lists how one response breaks isolation; empty when it shows only the owner's data. */
function findLeaks(
  request: PlannedRequest,
  status: number,
  text: string,
  corpora: TenantCorpus[],
): string[] {
  const leaks: string[] = [];
  const label = `${request.method} ${request.path} as ${request.owner.tenant.slug}`;
  if (!EXPECTED_STATUSES[request.operation].includes(status)) {
    leaks.push(
      `${label}: status ${status}, expected ${EXPECTED_STATUSES[request.operation].join(' or ')}`,
    );
  }
  const ownIds = new Set([...request.owner.keptIds, ...request.owner.deletableIds]);
  for (const corpus of corpora) {
    if (corpus === request.owner) {
      continue;
    }
    if (text.includes(corpus.secret)) {
      leaks.push(`${label}: response contains ${corpus.tenant.slug}'s secret word`);
    }
    const foreignIds = [...corpus.keptIds, ...corpus.deletableIds];
    // A get or delete of a foreign id repeats that id in its 404 `instance`; any other mention leaks.
    const echoedPath = request.path;
    for (const id of foreignIds) {
      if (text.includes(id) && !(echoedPath.includes(id) && status === 404)) {
        leaks.push(`${label}: response names ${corpus.tenant.slug}'s document ${id}`);
      }
    }
  }
  if (request.operation === 'get-own' && status === 200 && !text.includes(request.owner.secret)) {
    leaks.push(`${label}: the caller's own document lacks its own secret word`);
  }
  if (status === 200) {
    const body = JSON.parse(text) as unknown;
    for (const id of documentIdsIn(body)) {
      if (!ownIds.has(id)) {
        leaks.push(`${label}: response names document ${id}, which is not the caller's`);
      }
    }
  }

  return leaks;
}

/**
 * Reads every tenant table through the tenant unit of work, as each tenant, and reports rows of
 * other tenants. This reaches tables that the HTTP routes only read joined to another table.
 */
async function findForeignRows(api: TestApp, corpora: TenantCorpus[]): Promise<string[]> {
  const tenantDb = api.app.get(TenantDatabase);
  const leaks: string[] = [];
  for (const corpus of corpora) {
    for (const table of TENANT_TABLES) {
      const rows: { count: number }[] = await tenantDb.run(corpus.tenant.id, (manager) =>
        manager.query(`SELECT count(*)::int AS count FROM ${table} WHERE tenant_id <> $1`, [
          corpus.tenant.id,
        ]),
      );
      const count = rows[0]?.count ?? 0;
      if (count > 0) {
        leaks.push(`${table} shows ${count} row(s) of other tenants to ${corpus.tenant.slug}`);
      }
    }
  }

  return leaks;
}

/**
 * Sends `requests` interleaved requests from `concurrency` parallel clients, each as a random
 * tenant's admin: questions, searches, lists, and gets and deletes of own and foreign ids.
 * Then checks that every kept document is still there for its owner, and that no tenant table
 * shows a tenant another tenant's rows.
 */
export async function runIsolationProbe(
  api: TestApp,
  corpora: TenantCorpus[],
  options: { requests: number; concurrency: number; seed: number },
): Promise<ProbeReport> {
  const random = createRandom(options.seed);
  const plan = Array.from({ length: options.requests }, () => planRequest(corpora, random));
  const report: ProbeReport = { requests: 0, counts: {}, violations: [] };
  let next = 0;

  const client = async (): Promise<void> => {
    while (next < plan.length) {
      const request = plan[next] as PlannedRequest;
      next += 1;
      const response = await api.request(request.path, {
        method: request.method,
        token: request.owner.tenant.adminToken,
        json: request.body,
      });
      const text = await response.text();
      report.requests += 1;
      const byStatus = (report.counts[request.operation] ??= {});
      byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
      report.violations.push(...findLeaks(request, response.status, text, corpora));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));

  for (const corpus of corpora) {
    for (const id of corpus.keptIds) {
      const response = await api.request(`/api/v1/documents/${id}`, {
        token: corpus.tenant.adminToken,
      });
      if (response.status !== 200) {
        report.violations.push(
          `kept document ${id} of ${corpus.tenant.slug} answers ${response.status} after the probe`,
        );
      }
    }
  }

  report.violations.push(...(await findForeignRows(api, corpora)));

  return report;
}
