import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { type Language, pickLanguage } from '../i18n/language';

/** Injects the caller's language, picked from Accept-Language (Italian by default). */
export const RequestLanguage = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Language =>
    pickLanguage(context.switchToHttp().getRequest<FastifyRequest>().headers['accept-language']),
);
