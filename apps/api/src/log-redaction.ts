/** Field names that carry credentials wherever they appear in a log record. */
const SECRET_FIELDS = [
  'password',
  'currentPassword',
  'newPassword',
  'adminPassword',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'accessCode',
  'apiKey',
  'secret',
  'clientSecret',
  'authorization',
  'cookie',
];

const SECRET_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
];

/**
 * pino (fast-redact) paths replaced by `[redacted]`: each secret field and header at the top of
 * a record and up to two objects deep. `code` is redacted only inside a request body (the access
 * code exchange), because elsewhere it is an error code such as `ECONNREFUSED`.
 */
export const REDACTED_PATHS = [
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
  ...SECRET_HEADERS.flatMap((header) => [
    `headers["${header}"]`,
    `*.headers["${header}"]`,
    `*.*.headers["${header}"]`,
  ]),
  'body.code',
  '*.body.code',
];

export const REDACTION_CENSOR = '[redacted]';

/**
 * Shapes of the credentials FisioRAG issues or receives, for free text (messages, error
 * messages and stacks) where no field name marks them.
 */
const SECRET_TEXT_PATTERNS = [
  // A JWT: base64url header starting with `{"`, payload and signature.
  /\beyJ[\w-]+\.[\w-]+\.[\w-]+/g,
  // An Authorization header value.
  /\b(Bearer|Basic)\s+[^\s"',;]+/gi,
  // A refresh token: `<tenant uuid>.<43 base64url characters>`.
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[\w-]{43}(?![\w-])/gi,
  // An access code: four groups of five Crockford base32 symbols.
  /\b[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}\b/g,
];

/** Replaces every credential-shaped part of `text` with `[redacted]`. */
export function redactSecretText(text: string): string {
  let redacted = text;
  for (const pattern of SECRET_TEXT_PATTERNS) {
    redacted = redacted.replace(pattern, REDACTION_CENSOR);
  }

  return redacted;
}

/**
 * Redacts credential-shaped text in the arguments of one log call: strings, errors, and the
 * string and error fields of objects (such as `err`).
 */
export function redactLogArguments(args: unknown[]): unknown[] {
  return args.map((argument) => {
    if (typeof argument === 'string') {
      return redactSecretText(argument);
    }
    if (argument instanceof Error) {
      return redactError(argument);
    }
    if (argument && typeof argument === 'object' && !Array.isArray(argument)) {
      return redactStringFields(argument as Record<string, unknown>);
    }

    return argument;
  });
}

function redactStringFields(record: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...record };
  for (const [key, value] of Object.entries(copy)) {
    if (typeof value === 'string') {
      copy[key] = redactSecretText(value);
    } else if (value instanceof Error) {
      copy[key] = redactError(value);
    }
  }

  return copy;
}

/**
 * Copies the error with its message, stack and string fields redacted. The copy keeps the
 * error's class, so pino's serializer still reports its type (such as QueryFailedError).
 */
function redactError(error: Error): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  Object.assign(copy, redactStringFields({ ...error }));
  Object.defineProperty(copy, 'message', {
    value: redactSecretText(error.message),
    writable: true,
    configurable: true,
  });
  if (error.stack !== undefined) {
    Object.defineProperty(copy, 'stack', {
      value: redactSecretText(error.stack),
      writable: true,
      configurable: true,
    });
  }

  return copy;
}
