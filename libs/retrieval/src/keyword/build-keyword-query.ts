// A word is a run of Unicode letters, digits and combining marks. Everything else, apostrophes
// (' and ’) included, separates words, so no tsquery or websearch operator can survive.
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

// websearch_to_tsquery reads a bare "or" as its OR operator, so the word itself is dropped.
const WEBSEARCH_OPERATOR_WORDS = new Set(['or']);

const MIN_WORD_LENGTH = 2;
const MAX_WORD_LENGTH = 64;
const MAX_WORDS = 64;

/**
 * Builds the input of `websearch_to_tsquery` from any user text: its distinct words of at least
 * two characters, lowercased and joined with " OR ", so a natural-language question matches
 * passages that share any of its words and ranking orders them. Returns null when no word is
 * left, and then the keyword search must not run.
 */
export function buildKeywordQuery(text: string): string | null {
  const words = new Set<string>();
  for (const match of text.normalize('NFC').matchAll(WORD)) {
    const word = match[0].toLowerCase();
    if (word.length < MIN_WORD_LENGTH || word.length > MAX_WORD_LENGTH) {
      continue;
    }
    if (WEBSEARCH_OPERATOR_WORDS.has(word)) {
      continue;
    }
    words.add(word);
    if (words.size === MAX_WORDS) {
      break;
    }
  }

  return words.size > 0 ? [...words].join(' OR ') : null;
}
