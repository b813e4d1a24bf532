import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

import { ProblemDetailsDto } from './problem-details.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON or invalid fields',
  401: 'Missing, expired or invalid access token',
  403: "The caller's role does not allow this operation",
  404: 'Not found, or owned by another tenant',
  409: 'Conflict with an existing resource',
  413: 'Body or file over the size limit',
  415: 'Unsupported content type or file type',
  422: 'Well-formed but unprocessable content',
  429: 'Rate limit exceeded',
  503: 'A dependency is unavailable',
};

/** Documents the problem+json error responses a route can return. */
export const ApiProblems = (...statuses: number[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        type: ProblemDetailsDto,
        content: {
          'application/problem+json': {
            schema: { $ref: '#/components/schemas/ProblemDetailsDto' },
          },
        },
      }),
    ),
  );
