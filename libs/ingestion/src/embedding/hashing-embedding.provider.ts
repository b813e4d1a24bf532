import { EmbeddingProvider } from './embedding.provider';

// Change the name whenever features, weights or hashing change, because vectors stored under the
// old name would no longer be comparable with new query vectors.
const MODEL = 'hashing-v1';

// Whole words carry the most meaning. Stems add recall and bigrams add phrase context. Character
// n-grams match inflections and typos that the stemmer misses, but a word has many of them, so
// each weighs least.
const WORD_WEIGHT = 1;
const STEM_WEIGHT = 0.6;
const BIGRAM_WEIGHT = 0.5;
const CHARACTER_NGRAM_WEIGHT = 0.15;
const CHARACTER_NGRAM_SIZES = [3, 4];

// FNV-1a starting values, one per feature kind, so that a word and an n-gram with the same letters
// fall into different buckets. The first is the standard 32-bit FNV offset basis.
const WORD_SEED = 0x811c9dc5;
const STEM_SEED = 0x050c5d1f;
const BIGRAM_SEED = 0x1b873593;
const NGRAM_SEED = 0x3c6ef372;
const FNV_PRIME = 0x01000193;

// XORed into a feature's hash before mixing, so that its sign does not depend on its bucket.
const SIGN_SEED = 0x5bd1e995;

// A module binding, because looking up the global `Math` inside jest's VM context costs more than
// the hashing itself.
const imul = Math.imul;

// How many texts embedDocuments processes before it yields to the event loop.
const TEXTS_PER_TURN = 100;

// Accent-free, lowercase forms, matched after the same folding as the text.
const STOP_WORDS = new Set(
  [
    // Italian articles, prepositions with articles, pronouns, conjunctions and common verb forms,
    // plus the single letters left by elision (l'anca, d'estate).
    'a ad agli ai al all alla alle allo anche c che chi ci col come con cosi cui d da dagli dai',
    'dal dall dalla dalle dallo degli dei del dell della delle dello di e ed era essere fra gia',
    'gli ha hai hanno ho i il in io l la le lei li lo loro lui m ma mi ne negli nei nel nell nella',
    'nelle nello noi non o per pero piu poi quale quali quando quella quelle quelli quello questa',
    'queste questi questo s se si sia sono su sua sue sugli sui sul sull sulla sulle sullo suo',
    'suoi t ti tra tu un una uno v vi voi',
    // English.
    'an and are as at be been but by can do does for from had has have he her his how if into is',
    'it its no not of on or our she so than that the their them then there these they this those',
    'to was we were what when where which who why will with you your',
  ]
    .join(' ')
    .split(' '),
);

// Tried in order, and the first rule that matches applies, provided at least MIN_STEM_LENGTH
// characters remain.
const SUFFIX_RULES: { suffix: string; replacement: string }[] = [
  // Italian nouns in -zione and adverbs in -mente.
  { suffix: 'azioni', replacement: '' },
  { suffix: 'azione', replacement: '' },
  { suffix: 'zioni', replacement: '' },
  { suffix: 'zione', replacement: '' },
  { suffix: 'mente', replacement: '' },
  // Italian -che/-chi and -ghe/-ghi plurals of words in -co/-ca and -go/-ga.
  { suffix: 'che', replacement: 'c' },
  { suffix: 'chi', replacement: 'c' },
  { suffix: 'ghe', replacement: 'g' },
  { suffix: 'ghi', replacement: 'g' },
  // Italian infinitives, which also covers adjectives such as lombare and lombari.
  { suffix: 'are', replacement: '' },
  { suffix: 'ari', replacement: '' },
  { suffix: 'ere', replacement: '' },
  { suffix: 'eri', replacement: '' },
  { suffix: 'ire', replacement: '' },
  { suffix: 'iri', replacement: '' },
  // English.
  { suffix: 'ing', replacement: '' },
  { suffix: 'ies', replacement: 'y' },
  { suffix: 'ed', replacement: '' },
  // Italian -io/-ia/-ie endings (esercizio, esercizi, terapia, terapie).
  { suffix: 'io', replacement: '' },
  { suffix: 'ia', replacement: '' },
  { suffix: 'ie', replacement: '' },
];
const MIN_STEM_LENGTH = 3;
const MIN_STEMMED_WORD_LENGTH = 5;

/**
 * Offline embedding adapter based on the signed hashing trick. Each text becomes weighted
 * features: accent-folded words, their light Italian and English stems, word bigrams, and the
 * character 3- and 4-grams of each word. Each feature lands in one of `dimension` buckets with a
 * hash-derived sign, weighted by 1 + ln(term frequency). Vectors are L2-normalised and
 * deterministic, so equal texts get equal vectors.
 */
export class HashingEmbeddingProvider extends EmbeddingProvider {
  readonly model = MODEL;

  constructor(readonly dimension: number) {
    super();
    if (!Number.isInteger(dimension) || dimension <= 0) {
      throw new RangeError(
        `Invalid embedding dimension ${dimension}: expected a positive integer.`,
      );
    }
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let index = 0; index < texts.length; index++) {
      if (index > 0 && index % TEXTS_PER_TURN === 0) {
        // Hashing is CPU-bound, so large batches yield to keep the server responsive.
        await new Promise((resolve) => setImmediate(resolve));
      }
      vectors.push(this.embed(texts[index]));
    }

    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }

  private embed(text: string): number[] {
    const vector = new Float64Array(this.dimension);
    for (const [hash, weight] of extractFeatures(text)) {
      const bucket = mix(hash) % this.dimension;
      vector[bucket] += (mix(hash ^ SIGN_SEED) & 1) === 0 ? weight : -weight;
    }

    return normalize(vector);
  }
}

/** Returns the weight of each feature of the text, keyed by the feature's 32-bit hash. */
function extractFeatures(text: string): Map<number, number> {
  const words = tokenize(text).filter((word) => !STOP_WORDS.has(word));
  const wordCounts = new Map<number, number>();
  const stemCounts = new Map<number, number>();
  const bigramCounts = new Map<number, number>();
  const ngramCounts = new Map<number, number>();

  words.forEach((word, index) => {
    increment(wordCounts, hashString(WORD_SEED, word));
    increment(stemCounts, hashString(STEM_SEED, stem(word)));
    if (index > 0) {
      increment(bigramCounts, hashString(BIGRAM_SEED, `${words[index - 1]} ${word}`));
    }
    addCharacterNgrams(ngramCounts, word);
  });

  const features = new Map<number, number>();
  addWeighted(features, wordCounts, WORD_WEIGHT);
  addWeighted(features, stemCounts, STEM_WEIGHT);
  addWeighted(features, bigramCounts, BIGRAM_WEIGHT);
  addWeighted(features, ngramCounts, CHARACTER_NGRAM_WEIGHT);

  return features;
}

/** Adds weight * (1 + ln(count)) per feature; sublinear so that repeated words do not dominate. */
function addWeighted(
  features: Map<number, number>,
  counts: Map<number, number>,
  weight: number,
): void {
  for (const [hash, count] of counts) {
    features.set(hash, (features.get(hash) ?? 0) + weight * (1 + Math.log(count)));
  }
}

/** Lowercases, removes accents and returns the runs of letters and digits. */
function tokenize(text: string): string[] {
  const folded = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');

  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Strips the first matching Italian or English ending from SUFFIX_RULES or, if none matches, a
 * final vowel or plural `s`. Words shorter than five letters and words with digits stay unchanged.
 */
export function stem(word: string): string {
  if (word.length < MIN_STEMMED_WORD_LENGTH || /\p{N}/u.test(word)) {
    return word;
  }

  for (const { suffix, replacement } of SUFFIX_RULES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= MIN_STEM_LENGTH) {
      return word.slice(0, -suffix.length) + replacement;
    }
  }
  if (/[aeios]$/.test(word) && !word.endsWith('ss')) {
    return word.slice(0, -1);
  }

  return word;
}

function addCharacterNgrams(counts: Map<number, number>, word: string): void {
  // '<' and '>' mark the word boundaries, so prefixes and suffixes get n-grams of their own.
  const padded = `<${word}>`;
  for (const size of CHARACTER_NGRAM_SIZES) {
    for (let start = 0; start + size <= padded.length; start++) {
      increment(counts, hashRange(NGRAM_SEED, padded, start, start + size));
    }
  }
}

function increment(counts: Map<number, number>, key: number): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function hashString(seed: number, text: string): number {
  return hashRange(seed, text, 0, text.length);
}

/** FNV-1a over UTF-16 code units, as a 32-bit unsigned integer. */
function hashRange(seed: number, text: string, start: number, end: number): number {
  let hash = seed;
  for (let index = start; index < end; index++) {
    hash ^= text.charCodeAt(index);
    hash = imul(hash, FNV_PRIME);
  }

  return hash >>> 0;
}

/** MurmurHash3's 32-bit finalizer: spreads FNV-1a's weak low bits before taking a bucket. */
function mix(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;

  return hash >>> 0;
}

/**
 * Scales the vector to unit length. A text without features (empty, or only stop words) gets the
 * unit vector of bucket 0 instead of a zero vector, because pgvector returns NaN as the cosine
 * distance to a zero vector, which breaks ordering. All such texts then get the same vector.
 */
function normalize(vector: Float64Array): number[] {
  let sumOfSquares = 0;
  for (const value of vector) {
    sumOfSquares += value * value;
  }
  if (sumOfSquares === 0) {
    vector[0] = 1;

    return Array.from(vector);
  }

  const norm = Math.sqrt(sumOfSquares);

  return Array.from(vector, (value) => value / norm);
}
