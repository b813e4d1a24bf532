export type Language = 'it' | 'en';

export const DEFAULT_LANGUAGE: Language = 'it';

const SUPPORTED: readonly Language[] = ['it', 'en'];

/**
 * Picks the supported language with the highest `q` weight from an Accept-Language
 * header (RFC 9110), Italian when the header is absent or names no supported language.
 */
export function pickLanguage(acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (!header) {
    return DEFAULT_LANGUAGE;
  }
  let best: { language: Language; weight: number } | undefined;
  for (const part of header.slice(0, 512).split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const primary = tag?.split('-')[0] as Language;
    if (!SUPPORTED.includes(primary)) {
      continue;
    }
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const weight = qParam ? Number(qParam.slice(2)) : 1;
    if (Number.isFinite(weight) && weight > 0 && (!best || weight > best.weight)) {
      best = { language: primary, weight };
    }
  }

  return best?.language ?? DEFAULT_LANGUAGE;
}
