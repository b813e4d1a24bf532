import { ParseUUIDPipe, ValidationPipe } from '@nestjs/common';

import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { toFieldErrors } from '../errors/validation-messages';

/** Global validation: strips nothing silently; unknown fields and bad values become 400s. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    // One message per field: a missing value is reported as missing, not as every rule it breaks.
    stopAtFirstError: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new DomainError(ErrorCode.ValidationFailed, {}, toFieldErrors(errors)),
  });
}

/** Parses an `:id` path parameter as a UUID, or throws a 400 validation error for that field. */
export function createUuidPipe(field = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      new DomainError(ErrorCode.ValidationFailed, {}, [
        { field, constraint: 'isUuid', message: `${field} must be a UUID` },
      ]),
  });
}
