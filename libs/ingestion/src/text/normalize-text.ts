// Characters that end a line in some source format: vertical tab, form feed (page breaks in text
// extracted from PDFs), NEL, and the Unicode line and paragraph separators. Deleting them, as other
// control characters are deleted, would glue the words on either side together.
const LINE_BREAK_LIKE = /[\v\f\u0085\u2028\u2029]/g;

// Control characters (Cc) other than LF and tab, and format characters (Cf). Cf covers the
// zero-width characters U+200B-U+200D and U+2060, the BOM U+FEFF, soft hyphens and bidi controls,
// all invisible, and all of them break word matching in keyword and embedding search.
const INVISIBLE = /[^\P{Cc}\n\t]|\p{Cf}/gu;

const TRAILING_WHITESPACE = /[^\S\n]+$/gm;
const THREE_OR_MORE_BLANK_LINES = /\n{4,}/g;

/**
 * Normalises document text before chunking, hashing and storage. The output is Unicode NFC with
 * LF line endings and without invisible or control characters. Tabs become spaces, lines lose
 * trailing whitespace, blank lines come at most two in a row, and the text is trimmed.
 * Chunk offsets index into this output, so it must stay stable for a stored document.
 */
export function normalizeText(input: string): string {
  const text = input
    .replace(/\r\n?/g, '\n')
    .replace(LINE_BREAK_LIKE, '\n')
    .replace(INVISIBLE, '')
    .replace(/\t/g, ' ')
    .normalize('NFC');

  return text.replace(TRAILING_WHITESPACE, '').replace(THREE_OR_MORE_BLANK_LINES, '\n\n\n').trim();
}

/**
 * Normalises a search question: Unicode NFC, invisible and control characters removed, and every
 * run of whitespace, line breaks included, collapsed to one space.
 */
export function normalizeQuestion(input: string): string {
  return input
    .replace(/[\r\n\t]/g, ' ')
    .replace(LINE_BREAK_LIKE, ' ')
    .replace(INVISIBLE, '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}
