import { ValidationPipe } from '@nestjs/common';

import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { toFieldErrors } from '../errors/validation-messages';

/** Global validation: strips nothing silently; unknown fields and bad values become 400s. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new DomainError(ErrorCode.ValidationFailed, {}, toFieldErrors(errors)),
  });
}
