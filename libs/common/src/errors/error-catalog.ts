import type { Language } from '../i18n/language';
import { ErrorCode } from './error-code';

interface ErrorEntry {
  status: number;
  title: string;
  detail: Record<Language, string>;
}

/**
 * HTTP status, English title and localized detail of every error code. Typed as a
 * `Record` over the enum, so adding a code without an entry fails to compile.
 * `{name}` placeholders are filled from the error's parameters.
 */
export const ERROR_CATALOG: Record<ErrorCode, ErrorEntry> = {
  [ErrorCode.ValidationFailed]: {
    status: 400,
    title: 'Validation failed',
    detail: {
      it: 'La richiesta contiene campi non validi.',
      en: 'The request contains invalid fields.',
    },
  },
  [ErrorCode.MalformedJson]: {
    status: 400,
    title: 'Malformed JSON',
    detail: {
      it: 'Il corpo della richiesta non è JSON valido.',
      en: 'The request body is not valid JSON.',
    },
  },
  [ErrorCode.MalformedRequest]: {
    status: 400,
    title: 'Malformed request',
    detail: {
      it: 'La richiesta non è ben formata: {reason}',
      en: 'The request is malformed: {reason}',
    },
  },
  [ErrorCode.Unauthenticated]: {
    status: 401,
    title: 'Unauthenticated',
    detail: {
      it: 'Token di accesso mancante, scaduto o non valido.',
      en: 'The access token is missing, expired or invalid.',
    },
  },
  [ErrorCode.InvalidCredentials]: {
    status: 401,
    title: 'Invalid credentials',
    detail: {
      it: 'Istituzione, email o password non corretti.',
      en: 'Institution, email or password is incorrect.',
    },
  },
  [ErrorCode.Forbidden]: {
    status: 403,
    title: 'Forbidden',
    detail: {
      it: 'Il tuo ruolo non consente questa operazione.',
      en: 'Your role does not allow this operation.',
    },
  },
  [ErrorCode.RouteNotFound]: {
    status: 404,
    title: 'Not found',
    detail: {
      it: 'La risorsa richiesta non esiste.',
      en: 'The requested resource does not exist.',
    },
  },
  [ErrorCode.DocumentNotFound]: {
    status: 404,
    title: 'Document not found',
    detail: {
      it: 'Nessun documento con id {id}.',
      en: 'No document with id {id}.',
    },
  },
  [ErrorCode.TenantNotFound]: {
    status: 404,
    title: 'Tenant not found',
    detail: {
      it: 'Nessuna istituzione con identificativo {slug}.',
      en: 'No institution with identifier {slug}.',
    },
  },
  [ErrorCode.Conflict]: {
    status: 409,
    title: 'Conflict',
    detail: {
      it: 'La risorsa esiste già: {reason}',
      en: 'The resource already exists: {reason}',
    },
  },
  [ErrorCode.PayloadTooLarge]: {
    status: 413,
    title: 'Payload too large',
    detail: {
      it: 'Il contenuto supera il limite di {limit} byte.',
      en: 'The content exceeds the limit of {limit} bytes.',
    },
  },
  [ErrorCode.UnsupportedMediaType]: {
    status: 415,
    title: 'Unsupported media type',
    detail: {
      it: 'Tipo di contenuto non supportato: usa application/json o multipart/form-data.',
      en: 'Unsupported content type: use application/json or multipart/form-data.',
    },
  },
  [ErrorCode.UnsupportedFileType]: {
    status: 415,
    title: 'Unsupported file type',
    detail: {
      it: 'Il file {filename} non è un testo UTF-8 (.md o .txt).',
      en: 'The file {filename} is not UTF-8 text (.md or .txt).',
    },
  },
  [ErrorCode.FileMissing]: {
    status: 400,
    title: 'File missing',
    detail: {
      it: 'La richiesta multipart non contiene il campo file.',
      en: 'The multipart request has no file field.',
    },
  },
  [ErrorCode.EmptyDocument]: {
    status: 422,
    title: 'Empty document',
    detail: {
      it: 'Il documento non contiene testo dopo la normalizzazione.',
      en: 'The document contains no text after normalisation.',
    },
  },
  [ErrorCode.TooManyRequests]: {
    status: 429,
    title: 'Too many requests',
    detail: {
      it: 'Troppe richieste: riprova tra {retryAfter} secondi.',
      en: 'Too many requests: retry in {retryAfter} seconds.',
    },
  },
  [ErrorCode.ServiceUnavailable]: {
    status: 503,
    title: 'Service unavailable',
    detail: {
      it: 'Il servizio non è al momento disponibile, riprova più tardi.',
      en: 'The service is unavailable right now, retry later.',
    },
  },
  [ErrorCode.JsonTooDeep]: {
    status: 400,
    title: 'JSON nested too deeply',
    detail: {
      it: 'Il JSON è annidato oltre {maxDepth} livelli.',
      en: 'The JSON is nested deeper than {maxDepth} levels.',
    },
  },
  [ErrorCode.NulCharacter]: {
    status: 400,
    title: 'NUL character',
    detail: {
      it: 'La richiesta contiene il carattere NUL (U+0000), che non è ammesso nel testo.',
      en: 'The request contains the NUL character (U+0000), which text cannot hold.',
    },
  },
  [ErrorCode.InvalidUpload]: {
    status: 400,
    title: 'Invalid upload',
    detail: {
      it: 'Caricamento non valido: invia un solo file nel campo "file" e, se vuoi, il titolo nel campo "title".',
      en: 'Invalid upload: send one file in the "file" field and, optionally, a title in the "title" field.',
    },
  },
  [ErrorCode.InternalError]: {
    status: 500,
    title: 'Internal server error',
    detail: {
      it: 'Errore interno del server.',
      en: 'Internal server error.',
    },
  },
  // Perimeter: Host header check
  [ErrorCode.HostNotAllowed]: {
    status: 400,
    title: 'Host not allowed',
    detail: {
      it: "Questo server non risponde all'host {host}: usa uno degli indirizzi configurati in ALLOWED_HOSTS.",
      en: 'This server does not answer to the host {host}: use one of the addresses configured in ALLOWED_HOSTS.',
    },
  },
  // Identity: sessions, access codes, user and tenant administration
  [ErrorCode.InvalidRefreshToken]: {
    status: 401,
    title: 'Invalid refresh token',
    detail: {
      it: 'Il refresh token non è valido, è scaduto o è stato revocato: accedi di nuovo.',
      en: 'The refresh token is invalid, expired or revoked: log in again.',
    },
  },
  [ErrorCode.InvalidAccessCode]: {
    status: 401,
    title: 'Invalid access code',
    detail: {
      it: 'Codice di accesso non valido o non più utilizzabile: chiedine uno nuovo al docente.',
      en: 'The access code is invalid or can no longer be used: ask your teacher for a new one.',
    },
  },
  [ErrorCode.UserNotFound]: {
    status: 404,
    title: 'User not found',
    detail: {
      it: 'Nessun utente con id {id}.',
      en: 'No user with id {id}.',
    },
  },
  [ErrorCode.AccessCodeNotFound]: {
    status: 404,
    title: 'Access code not found',
    detail: {
      it: 'Nessun codice di accesso con id {id}.',
      en: 'No access code with id {id}.',
    },
  },
  [ErrorCode.OwnAccountChange]: {
    status: 409,
    title: 'Own account change',
    detail: {
      it: 'Non puoi disattivare, eliminare o cambiare ruolo al tuo account: chiedilo a un altro amministratore.',
      en: 'You cannot disable, delete or change the role of your own account: ask another admin.',
    },
  },
  [ErrorCode.IdentityProviderUnavailable]: {
    status: 503,
    title: 'Identity provider unavailable',
    detail: {
      it: 'Il fornitore di identità esterno non risponde: riprova più tardi.',
      en: 'The external identity provider does not respond: retry later.',
    },
  },
};

export function formatDetail(
  code: ErrorCode,
  language: Language,
  params: Record<string, string | number> = {},
): string {
  return ERROR_CATALOG[code].detail[language].replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in params ? String(params[name]) : placeholder,
  );
}
