import { request as httpRequest } from 'node:http';

import { TEST_TARGET, type TestApp, startTestApp } from './support/test-app';

const PROBLEM_JSON = /^application\/problem\+json/;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends a GET with a chosen Host header, which fetch does not allow setting. */
function getWithHost(
  baseUrl: string,
  path: string,
  host: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const url = new URL(path, baseUrl);

  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { hostname: url.hostname, port: url.port, path: url.pathname, headers: { ...headers, host } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('HTTP hardening', () => {
  describe('security headers and Swagger UI', () => {
    let api: TestApp;

    beforeAll(async () => {
      api = await startTestApp({ CORS_ORIGINS: 'https://app.fisio.example' });
    });

    afterAll(async () => {
      await api?.close();
    });

    it.each(['/health/live', '/api/v1/documents', '/api/v1/inesistente'])(
      'sets strict security headers on %s',
      async (path) => {
        const response = await api.request(path);
        const headers = response.headers;

        expect(headers.get('content-security-policy')).toBe(
          "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
        );
        expect(headers.get('x-content-type-options')).toBe('nosniff');
        expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
        expect(headers.get('referrer-policy')).toBe('no-referrer');
        expect(headers.get('x-powered-by')).toBeNull();
      },
    );

    it('serves Swagger UI under a policy that admits its own assets', async () => {
      const page = await api.request('/docs');
      const html = await page.text();
      const policy = page.headers.get('content-security-policy') ?? '';

      expect(page.status).toBe(200);
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("style-src 'self' 'unsafe-inline'");
      expect(policy).not.toContain("script-src 'self' 'unsafe-inline'");
      // script-src 'self' forbids inline scripts, so every script must be a same-origin file.
      const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((match) => match[1] ?? '');
      expect(scripts.length).toBeGreaterThan(0);
      for (const attributes of scripts) {
        const source = /src=["']([^"']+)["']/.exec(attributes)?.[1];
        expect(source).toMatch(/^\.?\/?(docs\/)?[\w.-]+\.js$/);
        const asset = await api.request(new URL(source as string, `${api.baseUrl}/docs`).pathname);
        expect({ source, status: asset.status }).toEqual({ source, status: 200 });
      }
    });

    it('answers a preflight from an allowed origin only', async () => {
      const preflight = (origin: string) =>
        api.request('/api/v1/query', {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization,content-type',
          },
        });

      const allowed = await preflight('https://app.fisio.example');
      const other = await preflight('https://evil.example');

      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.fisio.example');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('rejects a JSON body over twice MAX_UPLOAD_BYTES with 413', async () => {
      const response = await api.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          tenant: 'x',
          email: 'a@b.it',
          password: 'p'.repeat(11 * 1024 * 1024),
        }),
      });
      const body = (await response.json()) as { code: string };

      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toMatch(PROBLEM_JSON);
      expect(body.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('allowed hosts', () => {
    let api: TestApp;

    beforeAll(async () => {
      api = await startTestApp({ ALLOWED_HOSTS: 'api.fisio.example, .uni.example' });
    });

    afterAll(async () => {
      await api?.close();
    });

    it.each([
      ['api.fisio.example', 404],
      ['API.FISIO.EXAMPLE:8443', 404],
      ['uni.example', 404],
      ['corsi.uni.example', 404],
    ])('admits the host %s', async (host, status) => {
      const response = await getWithHost(api.baseUrl, '/api/v1/inesistente', host);

      expect(response.status).toBe(status);
    });

    it.each(['evil.example', 'api.fisio.example.evil.example', 'xuni.example', '127.0.0.1'])(
      'rejects the host %s with 400',
      async (host) => {
        const italian = await getWithHost(api.baseUrl, '/api/v1/documents', host);
        const english = await getWithHost(api.baseUrl, '/api/v1/documents', host, {
          'accept-language': 'en',
        });
        const body = JSON.parse(italian.body) as { code: string; detail: string };

        expect(italian.status).toBe(400);
        expect(italian.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(italian.headers['content-security-policy']).toContain("default-src 'none'");
        expect(body.code).toBe('HOST_NOT_ALLOWED');
        expect(body.detail).toContain(`all'host "${host}"`);
        expect((JSON.parse(english.body) as { detail: string }).detail).toContain(
          `does not answer to the host "${host}"`,
        );
      },
    );

    it('answers health probes whatever the host', async () => {
      const response = await getWithHost(api.baseUrl, '/health/live', '10.1.2.3:8000');

      expect(response.status).toBe(200);
    });
  });

  describe('Swagger UI switch', () => {
    it('hides /docs when SWAGGER_ENABLED=false', async () => {
      const api = await startTestApp({ SWAGGER_ENABLED: 'false' });
      try {
        expect((await api.request('/docs')).status).toBe(404);
        expect((await api.request('/docs-json')).status).toBe(404);
      } finally {
        await api.close();
      }
    });

    // Production needs DATABASE_URL, so only the PostgreSQL suite can start it.
    (TEST_TARGET === 'postgres' ? it.each : it.skip.each)([
      [undefined, 404],
      ['true', 200],
    ])('answers /docs in production with SWAGGER_ENABLED=%s: %d', async (enabled, status) => {
      const api = await startTestApp({
        APP_ENV: 'production',
        CORS_ORIGINS: 'https://app.fisio.example',
        ALLOWED_HOSTS: '*',
        ...(enabled ? { SWAGGER_ENABLED: enabled } : {}),
      });
      try {
        expect((await api.request('/docs')).status).toBe(status);
      } finally {
        await api.close();
      }
    });
  });
});
