import type { ValidationError } from 'class-validator';

import type { Language } from '../i18n/language';
import type { FieldError } from './domain-error';

/** Italian templates per class-validator constraint; `{n}` is the constraint's number. */
const ITALIAN: Record<string, string> = {
  whitelistValidation: 'il campo {field} non è ammesso',
  isDefined: 'il campo {field} è obbligatorio',
  isNotEmpty: 'il campo {field} è obbligatorio',
  isNotBlank: 'il campo {field} non può essere vuoto',
  maxLength: '{field} può contenere al massimo {n} caratteri',
  minLength: '{field} deve contenere almeno {n} caratteri',
  min: '{field} deve essere almeno {n}',
  max: '{field} deve essere al massimo {n}',
  isInt: '{field} deve essere un numero intero',
  isString: '{field} deve essere un testo',
  isBoolean: '{field} deve essere true o false',
  isNumber: '{field} deve essere un numero',
  isArray: '{field} deve essere un elenco',
  isEmail: '{field} deve essere un indirizzo email valido',
  isUuid: '{field} deve essere un UUID',
  isEnum: '{field} deve essere uno dei valori ammessi{list}',
  isIn: '{field} deve essere uno dei valori ammessi{list}',
  isObject: '{field} deve essere un oggetto',
  nestedValidation: '{field} non è valido',
  matches: '{field} ha un formato non valido',
};

/** Flattens nested class-validator errors into `field.path` entries with English messages. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      constraint,
      message,
    }));

    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

export function localizeFieldError(error: FieldError, language: Language): FieldError {
  const template = ITALIAN[error.constraint];
  if (language === 'en' || !template) {
    return error;
  }
  const number = /(-?\d+(?:\.\d+)?)/.exec(error.message)?.[1] ?? '';
  const listStart = error.message.indexOf(':');
  const list = listStart >= 0 ? error.message.slice(listStart) : '';
  const message = template
    .replace('{field}', error.field)
    .replace('{n}', number)
    .replace('{list}', list);

  return { ...error, message };
}
