import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** URL prefix of Swagger UI and the OpenAPI document. */
export const DOCS_PATH = '/docs';

/** JSON responses load nothing, so the API policy forbids every source and framing. */
const API_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
};

/**
 * Swagger UI loads its scripts and styles from /docs, uses inline styles and data: images, and
 * calls the API from the page ("Try it out").
 */
const DOCS_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

/**
 * Registers helmet's security headers on every response, with a strict Content-Security-Policy
 * for the API and a looser one for Swagger UI. Call it before any route is added: the Swagger
 * routes get their policy from an `onRoute` hook.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      if (route.url.startsWith(DOCS_PATH)) {
        // @fastify/helmet reads per-route options from the route config.
        const helmetOptions = { helmet: { contentSecurityPolicy: DOCS_CSP } };
        route.config = { ...route.config, ...helmetOptions } as typeof route.config;
      }
    });
  await app.register(helmet, { global: true, contentSecurityPolicy: API_CSP });
}
