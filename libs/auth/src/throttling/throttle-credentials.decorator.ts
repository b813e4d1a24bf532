import { applyDecorators, SetMetadata } from '@nestjs/common';

import { ApiProblems } from '@fisiorag/common';

export type CredentialKind = 'login' | 'access-code';

export const CREDENTIAL_KIND = 'fisiorag:credentialKind';

/**
 * Puts a credential endpoint under the stricter limits, per client IP and per account, with
 * lockouts that double on every repeated breach. For `login` the account is the tenant slug (if
 * any) and the email. For `access-code` it is the tenant slug and the code's first characters.
 */
export const ThrottleCredentials = (kind: CredentialKind): MethodDecorator =>
  applyDecorators(SetMetadata(CREDENTIAL_KIND, kind), ApiProblems(429));
