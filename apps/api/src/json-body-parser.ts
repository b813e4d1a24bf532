import type { FastifyInstance } from 'fastify';

import { DomainError, ErrorCode } from '@fisiorag/common';

/** Deepest object/array nesting accepted; no request DTO nests beyond a few levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * Checks nesting depth and NUL characters in one linear scan before parsing: a deeply
 * nested body would overflow the stack of class-transformer, and PostgreSQL text
 * columns cannot store U+0000.
 */
export function checkJsonBody(body: string): void {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < body.length; index += 1) {
    const char = body.charCodeAt(index);
    if (char === 0) {
      throw new DomainError(ErrorCode.NulCharacter);
    }
    if (inString) {
      if (char === 0x5c) {
        if (body.startsWith('u0000', index + 1)) {
          throw new DomainError(ErrorCode.NulCharacter);
        }
        index += 1;
      } else if (char === 0x22) {
        inString = false;
      }
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      depth += 1;
      if (depth > MAX_JSON_DEPTH) {
        throw new DomainError(ErrorCode.JsonTooDeep, { maxDepth: MAX_JSON_DEPTH });
      }
    } else if (char === 0x7d || char === 0x5d) {
      depth -= 1;
    }
  }
}

/**
 * Makes application/json the only body type besides multipart: Fastify's own JSON parser
 * (with prototype-poisoning protection) runs after `checkJsonBody`, and text/plain is
 * no longer parsed, so it gets 415 like every other unsupported type.
 */
export function registerJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    (request, body, done) => {
      try {
        checkJsonBody(body as string);
      } catch (error) {
        done(error as Error, undefined);

        return;
      }
      void parseJson(request, body as string, done);
    },
  );
}
