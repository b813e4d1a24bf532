export { DomainError, type FieldError } from './errors/domain-error';
export { ERROR_CATALOG, formatDetail } from './errors/error-catalog';
export { ErrorCode } from './errors/error-code';
export {
  ProblemDetailsFilter,
  type ProblemDetails,
  type UnexpectedErrorReporter,
} from './http/problem-details.filter';
export { RequestLanguage } from './http/request-language.decorator';
export { createUuidPipe, createValidationPipe } from './http/validation.pipe';
export { DEFAULT_LANGUAGE, type Language, pickLanguage } from './i18n/language';
export { IsNotBlank } from './validation/is-not-blank';
export { ApiProblems } from './http/api-problems.decorator';
export { FieldErrorDto, ProblemDetailsDto } from './http/problem-details.dto';
export { toFieldErrors } from './errors/validation-messages';
