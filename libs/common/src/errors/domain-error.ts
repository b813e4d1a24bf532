import { ErrorCode } from './error-code';

/** One invalid input field, with a machine-readable constraint a client can translate. */
export interface FieldError {
  field: string;
  constraint: string;
  message: string;
}

/**
 * Error raised by services. Carries a stable code and the parameters of its localized
 * message; the HTTP layer maps it to problem details, so services never throw HTTP errors.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(`${code}${Object.keys(params).length > 0 ? ` ${JSON.stringify(params)}` : ''}`);
    this.name = 'DomainError';
  }
}
