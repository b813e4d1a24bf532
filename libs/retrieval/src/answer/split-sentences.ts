/** A sentence of a passage; `text === passage.slice(start, end)`. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
  /** `heading` for a Markdown heading line, `item` for a list item, `text` otherwise. */
  kind: 'heading' | 'item' | 'text';
}

// Abbreviations whose period does not end a sentence, lowercased and without the period.
const ABBREVIATIONS = new Set([
  'es',
  'ecc',
  'etc',
  'dott',
  'dr',
  'prof',
  'sig',
  'sigg',
  'sig.ra',
  'ing',
  'avv',
  'pag',
  'pagg',
  'fig',
  'figg',
  'tab',
  'cap',
  'par',
  'art',
  'cfr',
  'vs',
  'ca',
  'n',
  'nr',
  'num',
  'vol',
  'ed',
  'min',
  'max',
  'sec',
  'cm',
  'mm',
  'kg',
  'mg',
  'ml',
  'mod',
  'rif',
  'tel',
  'e.g',
  'i.e',
  'p.es',
]);

const HEADING = /^#{1,6}\s+/;
const LIST_MARKER = /^(?:[-*+•]|\d{1,3}[.)])\s+/;

// A candidate end: a run of ., !, ? or … and any closing quotes or brackets, then whitespace.
const SENTENCE_END = /[.!?…]+["'”’»)\]]*(?=\s)/g;

/**
 * Splits a passage into sentences with their offsets. Every line that is a Markdown heading or a
 * list item is one unit, with its marker left out of the span. Inside other lines a sentence ends
 * at `.`, `!`, `?` or `…` followed by whitespace and a capital letter, digit or opening quote,
 * except after a known abbreviation ("es.", "dott.") or a single capital initial. A period inside
 * a number ("2.5") is never followed by whitespace, so it never splits.
 */
export function splitSentences(passage: string): Sentence[] {
  const sentences: Sentence[] = [];
  let lineStart = 0;
  for (const line of passage.split('\n')) {
    splitLine(line, lineStart, sentences);
    lineStart += line.length + 1;
  }

  return sentences;
}

function splitLine(line: string, lineStart: number, sentences: Sentence[]): void {
  const heading = HEADING.exec(line);
  if (heading) {
    pushTrimmed(line, heading[0].length, line.length, lineStart, 'heading', sentences);

    return;
  }

  const marker = LIST_MARKER.exec(line);
  if (marker) {
    pushTrimmed(line, marker[0].length, line.length, lineStart, 'item', sentences);

    return;
  }

  let start = 0;
  for (const match of line.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    if (!endsSentence(line, match.index, end)) {
      continue;
    }
    pushTrimmed(line, start, end, lineStart, 'text', sentences);
    start = end;
  }
  pushTrimmed(line, start, line.length, lineStart, 'text', sentences);
}

function endsSentence(line: string, punctuationStart: number, end: number): boolean {
  const next = /\S/u.exec(line.slice(end))?.[0] ?? '';
  if (!/[\p{Lu}\p{N}"'“‘«([]/u.test(next)) {
    return false;
  }
  if (line[punctuationStart] !== '.' || line.slice(punctuationStart, end).startsWith('..')) {
    return true;
  }

  const word = /[\p{L}\p{N}.]+$/u.exec(line.slice(0, punctuationStart))?.[0] ?? '';
  if (/^\p{Lu}$/u.test(word)) {
    return false;
  }

  return !ABBREVIATIONS.has(word.toLowerCase());
}

function pushTrimmed(
  line: string,
  from: number,
  to: number,
  lineStart: number,
  kind: Sentence['kind'],
  sentences: Sentence[],
): void {
  const span = line.slice(from, to);
  const leading = span.length - span.trimStart().length;
  const text = span.trim();
  if (text.length === 0) {
    return;
  }

  const start = lineStart + from + leading;
  sentences.push({ text, start, end: start + text.length, kind });
}
