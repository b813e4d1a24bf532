// Function words of Italian and English that carry no topic: articles, prepositions and their
// contractions, pronouns, conjunctions, question words and the commonest auxiliary and modal
// verb forms. Stored without accents, as `foldWord` returns them.
const STOP_WORDS = new Set(
  `
  il lo la i gli le un uno una del dello della dei degli delle al allo alla ai agli alle
  dal dallo dalla dai dagli dalle nel nello nella nei negli nelle sul sullo sulla sui sugli sulle
  col coi di da in con su per tra fra a e ed o od ma se che chi cui non ne ci vi si mi ti me te
  ce ve se io tu lui lei noi voi loro esso essa essi esse mio mia miei mie tuo tua tuoi tue suo
  sua suoi sue nostro nostra nostri nostre vostro vostra loro questo questa questi queste quello
  quella quelli quelle quel quei cosa cose come dove quando quanto quanta quanti quante quale
  quali perche percio pero anche ancora gia piu meno molto molta molti molte poco poca pochi
  tanto tanta tanti tante tutto tutta tutti tutte ogni altro altra altri altre stesso stessa
  sono sei siamo siete era erano sia siano stato stata stati state essere ho hai ha abbiamo
  avete hanno avere aveva avevano fa fanno fare faccio puo possono posso puoi potere deve devono
  devo devi dovere vuole voglio vogliono serve servono c dopo prima durante senza verso contro
  sopra sotto dentro fuori mentre oppure invece quindi dunque cioe ecc etc qual quale nell
  dell all sull dall coll
  the an of to in on at by for from with without and or but not no nor is are was were be been
  being am do does did done have has had having can could should would will shall may might must
  what which who whom whose when where why how this that these those it its my your his her our
  their me you him us them i we they there here than then so if as into onto about after before
  again any some all each most more other such only own same too very just also
  `
    .split(/\s+/)
    .filter((word) => word.length > 0),
);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

const STEM_LENGTH = 5;

/** Lowercases a word and removes its accents, so "Perché" and "perche" compare equal. */
export function foldWord(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Reduces a folded word to a light stem: its final vowel removed, then its first five
 * characters. Truncation is a crude but effective stemmer for Italian, where inflection and
 * most derivation happen at the end of the word ("tendine", "tendinopatia" and "tendinei" share
 * "tendi"). It also merges some unrelated words, an accepted cost for a ranking signal.
 */
export function stemWord(folded: string): string {
  const withoutVowel = folded.length > 3 ? folded.replace(/[aeiouy]$/, '') : folded;

  return withoutVowel.slice(0, STEM_LENGTH);
}

/** A word of a text with its position, in UTF-16 code units. */
export interface WordToken {
  word: string;
  start: number;
  end: number;
}

/** Splits text into words of letters and digits; apostrophes and all punctuation separate them. */
export function tokenizeWords(text: string): WordToken[] {
  return [...text.matchAll(WORD)].map((match) => ({
    word: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** Returns the stems of a text's topic words, without duplicates, in order of first use. */
export function contentStems(text: string): string[] {
  const stems = new Set<string>();
  for (const { word } of tokenizeWords(text)) {
    const folded = foldWord(word);
    if (folded.length < 2 || STOP_WORDS.has(folded)) {
      continue;
    }
    stems.add(stemWord(folded));
  }

  return [...stems];
}
