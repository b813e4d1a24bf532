/** Stable, machine-readable error codes returned in the `code` member of problem details. */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedJson = 'MALFORMED_JSON',
  MalformedRequest = 'MALFORMED_REQUEST',
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  Forbidden = 'FORBIDDEN',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  DocumentNotFound = 'DOCUMENT_NOT_FOUND',
  TenantNotFound = 'TENANT_NOT_FOUND',
  Conflict = 'CONFLICT',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  UnsupportedFileType = 'UNSUPPORTED_FILE_TYPE',
  FileMissing = 'FILE_MISSING',
  EmptyDocument = 'EMPTY_DOCUMENT',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  InternalError = 'INTERNAL_ERROR',
  // Documents: multipart uploads
  InvalidUpload = 'INVALID_UPLOAD',
  // HTTP layer: JSON bodies
  JsonTooDeep = 'JSON_TOO_DEEP',
  NulCharacter = 'NUL_CHARACTER',
  // Perimeter: Host header check
  HostNotAllowed = 'HOST_NOT_ALLOWED',
  // Identity: sessions, access codes, user and tenant administration
  InvalidRefreshToken = 'INVALID_REFRESH_TOKEN',
  InvalidAccessCode = 'INVALID_ACCESS_CODE',
  UserNotFound = 'USER_NOT_FOUND',
  AccessCodeNotFound = 'ACCESS_CODE_NOT_FOUND',
  OwnAccountChange = 'OWN_ACCOUNT_CHANGE',
  IdentityProviderUnavailable = 'IDENTITY_PROVIDER_UNAVAILABLE',
}
