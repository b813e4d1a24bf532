import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';

import type { ThrottlerStorage } from '@nestjs/throttler';

import { type BackoffPolicy } from '../libs/auth/src/throttling/backoff-policy';
import { MemoryThrottlerStorage } from '../libs/auth/src/throttling/memory-throttler.storage';
import { RedisThrottlerStorage } from '../libs/auth/src/throttling/redis-throttler.storage';
import {
  TEST_REDIS_URL,
  deleteRedisKeys,
  shouldTestRedis,
  uniqueRedisPrefix,
} from './support/redis-target';
import { type TestApp, type TestTenant, startTestApp } from './support/test-app';

const PROBLEM_JSON = /^application\/problem\+json/;
const WITH_REDIS = shouldTestRedis();
const describeWithRedis = WITH_REDIS ? describe : describe.skip;

const BACKOFF: BackoffPolicy = {
  throttlers: ['lockout'],
  maxBlockMs: 2000,
  strikeMemoryMs: 60_000,
};

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Problem {
  status: number;
  code: string;
  detail: string;
}

async function expectTooManyRequests(response: Response): Promise<Problem> {
  const body = (await response.json()) as Problem;
  expect({ status: response.status, code: body.code }).toEqual({
    status: 429,
    code: 'TOO_MANY_REQUESTS',
  });
  expect(response.headers.get('content-type')).toMatch(PROBLEM_JSON);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(body.detail).toContain(`${response.headers.get('retry-after')} `);

  return body;
}

async function statuses(responses: Promise<Response>[]): Promise<number[]> {
  return (await Promise.all(responses)).map((response) => response.status);
}

/** Sends requests one after the other and returns their statuses. */
async function sequentialStatuses(send: (index: number) => Promise<Response>, count: number) {
  const result: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const response = await send(index);
    result.push(response.status);
    await response.arrayBuffer();
  }

  return result;
}

type StorageFactory = () => Promise<{ storage: ThrottlerStorage; close(): Promise<void> }>;

const storages: [string, StorageFactory][] = [
  [
    'memory',
    () => {
      const storage = new MemoryThrottlerStorage(BACKOFF);

      return Promise.resolve({
        storage,
        close: () => Promise.resolve(storage.onApplicationShutdown()),
      });
    },
  ],
];
if (WITH_REDIS) {
  storages.push([
    'redis',
    async () => {
      const prefix = uniqueRedisPrefix();
      const storage = await RedisThrottlerStorage.connect(TEST_REDIS_URL, prefix, BACKOFF);

      return {
        storage,
        close: async () => {
          await storage.onApplicationShutdown();
          await deleteRedisKeys(prefix);
        },
      };
    },
  ]);
}

describe.each(storages)('%s throttler storage', (_name, create) => {
  let storage: ThrottlerStorage;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ storage, close } = await create());
  });

  afterEach(async () => {
    await close();
  });

  it('blocks over the limit until the window ends', async () => {
    const records = [];
    for (let hit = 0; hit < 4; hit += 1) {
      records.push(await storage.increment('window', 1000, 3, 0, 'default'));
    }
    expect(records.map((record) => record.isBlocked)).toEqual([false, false, false, true]);
    expect(records.map((record) => record.totalHits)).toEqual([1, 2, 3, 4]);
    expect(records[3]?.timeToBlockExpire).toBe(1);

    await sleep(1100);
    const afterWindow = await storage.increment('window', 1000, 3, 0, 'default');
    expect(afterWindow).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('blocks for the block duration, then counts again', async () => {
    await storage.increment('block', 60_000, 1, 300, 'default');
    const blocked = await storage.increment('block', 60_000, 1, 300, 'default');
    const stillBlocked = await storage.increment('block', 60_000, 1, 300, 'default');
    expect(blocked.isBlocked).toBe(true);
    expect(stillBlocked.isBlocked).toBe(true);

    await sleep(350);
    const after = await storage.increment('block', 60_000, 1, 300, 'default');
    expect(after).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('doubles the lockout on each repeated breach up to the maximum', async () => {
    const lockouts: number[] = [];
    for (let breach = 0; breach < 3; breach += 1) {
      await storage.increment('doubling', 60_000, 1, 1000, 'lockout');
      const record = await storage.increment('doubling', 60_000, 1, 1000, 'lockout');
      expect(record.isBlocked).toBe(true);
      lockouts.push(record.timeToBlockExpire);
      await sleep(record.timeToBlockExpire * 1000 + 50);
    }
    expect(lockouts).toEqual([1, 2, 2]);
  }, 15_000);

  it('keeps a fixed lockout for other throttlers', async () => {
    const lockouts: number[] = [];
    for (let breach = 0; breach < 2; breach += 1) {
      await storage.increment('fixed', 60_000, 1, 1000, 'default');
      const record = await storage.increment('fixed', 60_000, 1, 1000, 'default');
      lockouts.push(record.timeToBlockExpire);
      await sleep(record.timeToBlockExpire * 1000 + 50);
    }
    expect(lockouts).toEqual([1, 1]);
  }, 15_000);

  it('counts keys separately', async () => {
    await storage.increment('first', 60_000, 1, 0, 'default');
    const first = await storage.increment('first', 60_000, 1, 0, 'default');
    const second = await storage.increment('second', 60_000, 1, 0, 'default');
    expect(first.isBlocked).toBe(true);
    expect(second.isBlocked).toBe(false);
  });

  it('admits exactly the limit under concurrent increments', async () => {
    const records = await Promise.all(
      Array.from({ length: 50 }, () => storage.increment('parallel', 60_000, 10, 0, 'default')),
    );
    expect(records.filter((record) => !record.isBlocked)).toHaveLength(10);
  });
});

describeWithRedis('redis throttler storage failures', () => {
  let deadServer: Server;
  let deadPort: number;

  beforeAll(async () => {
    // A port of our own that accepts and drops every connection, like a crashed Redis.
    deadServer = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => deadServer.listen(0, '127.0.0.1', resolve));
    deadPort = (deadServer.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => deadServer.close(resolve));
  });

  it('rejects startup when Redis does not answer', async () => {
    await expect(
      RedisThrottlerStorage.connect(
        `redis://user:secret@127.0.0.1:${deadPort}`,
        uniqueRedisPrefix(),
        BACKOFF,
      ),
    ).rejects.toThrow(/REDIS_URL: cannot reach Redis at redis:\/\/user:\*\*\*\*@127\.0\.0\.1/);
  });

  it('lets requests through when Redis fails later', async () => {
    const prefix = uniqueRedisPrefix();
    const storage = await RedisThrottlerStorage.connect(TEST_REDIS_URL, prefix, BACKOFF);
    await storage.onApplicationShutdown();

    const record = await storage.increment('after-quit', 60_000, 1, 0, 'default');
    expect(record.isBlocked).toBe(false);
  });
});

describe('rate limits over HTTP', () => {
  describe('default and query limits', () => {
    let api: TestApp;
    let tenant: TestTenant;

    beforeAll(async () => {
      api = await startTestApp({
        RATE_LIMIT_DEFAULT: '4',
        RATE_LIMIT_QUERY: '2',
        RATE_LIMIT_LOGIN_PER_IP: '1000',
        RATE_LIMIT_LOGIN_PER_ACCOUNT: '1000',
      });
      tenant = await api.createTenant('rate');
    });

    afterAll(async () => {
      await api?.close();
    });

    it('answers 429 problem+json with Retry-After over the default limit', async () => {
      const codes = await sequentialStatuses(() => api.request('/health/live'), 4);
      expect(codes).toEqual([200, 200, 200, 200]);

      const italian = await expectTooManyRequests(await api.request('/health/live'));
      const english = await expectTooManyRequests(
        await api.request('/health/live', { headers: { 'accept-language': 'en' } }),
      );
      expect(italian.detail).toMatch(/^Troppe richieste: riprova tra \d+ secondi\.$/);
      expect(english.detail).toMatch(/^Too many requests: retry in \d+ seconds\.$/);
    });

    it('reports the remaining budget in X-RateLimit headers', async () => {
      const response = await api.request('/api/v1/documents', { token: tenant.adminToken });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ratelimit-limit')).toBe('4');
      expect(response.headers.get('x-ratelimit-remaining')).toBe('3');
    });

    it('limits /api/v1/query per user, not per address', async () => {
      const member = await api.createUser(tenant, 'member');
      const ask = (token: string) =>
        api.request('/api/v1/query', {
          method: 'POST',
          token,
          json: { question: 'Come si tratta la lombalgia?' },
        });

      expect(await sequentialStatuses(() => ask(tenant.adminToken), 2)).toEqual([200, 200]);
      await expectTooManyRequests(await ask(tenant.adminToken));
      expect((await ask(member)).status).toBe(200);

      const search = await api.request('/api/v1/search', {
        method: 'POST',
        token: tenant.adminToken,
        json: { query: 'lombalgia' },
      });
      expect(search.status).toBe(200);
    });

    it('ignores a forged X-Forwarded-For without a trusted proxy', async () => {
      const send = () =>
        api.request('/health/ready', {
          headers: { 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250) + 1}` },
        });
      expect(await sequentialStatuses(send, 4)).toEqual([200, 200, 200, 200]);
      await expectTooManyRequests(await send());
    });
  });

  describe('behind one trusted proxy', () => {
    let api: TestApp;

    beforeAll(async () => {
      api = await startTestApp({ TRUST_PROXY_HOPS: '1', RATE_LIMIT_DEFAULT: '3' });
    });

    afterAll(async () => {
      await api?.close();
    });

    it('keys by the address the proxy appended', async () => {
      // The proxy (this test, on loopback) appends the client address it saw; the first entry
      // is whatever the client sent, and changes on every request.
      const viaProxy = (client: string) =>
        api.request('/health/live', {
          headers: { 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.1, ${client}` },
        });

      expect(await sequentialStatuses(() => viaProxy('198.51.100.7'), 3)).toEqual([200, 200, 200]);
      await expectTooManyRequests(await viaProxy('198.51.100.7'));
      expect((await viaProxy('198.51.100.8')).status).toBe(200);
    });
  });

  describe('credential endpoints', () => {
    let api: TestApp;
    let tenant: TestTenant;

    beforeAll(async () => {
      api = await startTestApp({
        RATE_LIMIT_LOGIN_PER_ACCOUNT: '3',
        RATE_LIMIT_LOGIN_PER_IP: '1000',
        RATE_LIMIT_ACCESS_CODE: '5',
      });
      tenant = await api.createTenant('brute');
    });

    afterAll(async () => {
      await api?.close();
    });

    function login(email: string, password: string) {
      return api.request('/api/v1/auth/login', {
        method: 'POST',
        json: { tenant: tenant.slug, email, password },
      });
    }

    it('locks an account out after repeated wrong passwords', async () => {
      // createTenant logged the admin in once already: two more attempts fit in the limit.
      const wrong = () => login(tenant.adminEmail, 'sbagliata');
      expect(await sequentialStatuses(wrong, 2)).toEqual([401, 401]);
      await expectTooManyRequests(await wrong());
      await expectTooManyRequests(await login(tenant.adminEmail, tenant.adminPassword));
      await expectTooManyRequests(await login(` ${tenant.adminEmail.toUpperCase()}`, 'x'));
      expect((await login(`altro-${randomUUID()}@example.org`, 'sbagliata')).status).toBe(401);
    });

    it('answers access-code brute force with 429', async () => {
      const guess = (index: number) =>
        api.request('/api/v1/auth/access-code', {
          method: 'POST',
          json: {
            tenant: tenant.slug,
            code: `${String(index).padStart(5, '0')}-AAAAA-BBBBB-CCCCC`,
          },
        });
      expect(await sequentialStatuses(guess, 5)).toEqual([401, 401, 401, 401, 401]);
      await expectTooManyRequests(await guess(5));
    });
  });

  describe('login lockouts per address', () => {
    let api: TestApp;

    beforeAll(async () => {
      api = await startTestApp({
        RATE_LIMIT_WINDOW_SECONDS: '2',
        RATE_LIMIT_LOGIN_PER_IP: '2',
        RATE_LIMIT_LOGIN_PER_ACCOUNT: '1000',
      });
    });

    afterAll(async () => {
      await api?.close();
    });

    it('doubles the lockout on a repeated breach', async () => {
      // An invalid email fails validation after the throttler counted it, without the slow
      // password hash, so the attempts fit in the short window even on a loaded machine.
      const attempt = () =>
        api.request('/api/v1/auth/login', {
          method: 'POST',
          json: { tenant: 'nessuno', email: 'non-una-email', password: 'x' },
        });

      expect(await sequentialStatuses(attempt, 2)).toEqual([400, 400]);
      const first = await attempt();
      await expectTooManyRequests(first);
      expect(first.headers.get('retry-after')).toBe('2');

      await sleep(2100);
      expect(await sequentialStatuses(attempt, 2)).toEqual([400, 400]);
      const second = await attempt();
      await expectTooManyRequests(second);
      expect(second.headers.get('retry-after')).toBe('4');
    });
  });

  describeWithRedis('two instances sharing Redis', () => {
    const prefix = uniqueRedisPrefix();
    let first: TestApp;
    let second: TestApp;

    beforeAll(async () => {
      const env = {
        REDIS_URL: TEST_REDIS_URL,
        RATE_LIMIT_REDIS_PREFIX: prefix,
        RATE_LIMIT_DEFAULT: '6',
        RATE_LIMIT_LOGIN_PER_ACCOUNT: '2',
      };
      first = await startTestApp(env);
      second = await startTestApp(env);
    });

    afterAll(async () => {
      await first?.close();
      await second?.close();
      await deleteRedisKeys(prefix);
    });

    it('enforces one limit across both instances', async () => {
      const codes = await sequentialStatuses(
        (index) =>
          (index % 2 === 0 ? first : second).request('/health/live', {
            headers: { 'x-forwarded-for': `192.0.2.${index + 1}` },
          }),
        6,
      );
      expect(codes).toEqual([200, 200, 200, 200, 200, 200]);
      await expectTooManyRequests(await first.request('/health/live'));
      await expectTooManyRequests(
        await second.request('/health/live', { headers: { 'x-forwarded-for': '192.0.2.99' } }),
      );
    });

    it('shares an account lockout across both instances', async () => {
      const attempt = (api: TestApp) =>
        api.request('/api/v1/auth/login', {
          method: 'POST',
          json: { tenant: 'condiviso', email: 'studente@example.org', password: 'sbagliata' },
        });
      expect(await statuses([attempt(first)])).toEqual([401]);
      expect(await statuses([attempt(second)])).toEqual([401]);
      await expectTooManyRequests(await attempt(first));
      await expectTooManyRequests(await attempt(second));
    });
  });
});
