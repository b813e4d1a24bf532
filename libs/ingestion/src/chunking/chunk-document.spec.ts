import { normalizeText } from '../text/normalize-text';
import { ChunkingOptions, chunkDocument, DocumentChunk } from './chunk-document';

/** Mulberry32: a small seeded PRNG, so every generated document can be reproduced. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'dolore',
  'lombare',
  'cronico',
  'perché',
  'già',
  'più',
  'è',
  'attività',
  'mobilità',
  'caffè',
  'ginocchio',
  'spalla',
  'esercizio',
  'riabilitazione',
  'fisioterapista',
  'però',
  'così',
  'città',
  'l’articolazione',
  'dell’anca',
  'sì',
  'sciatalgia',
  'propriocezione',
  'età',
  'qualità',
  'vertebra',
  '💪',
  '🦵🏽',
  'ok👍',
  '🧘',
  'forza💥',
  'Ω',
  '𝑥²',
  'naïve',
  'Übung',
  'œdème',
];

interface GeneratedDocument {
  text: string;
  /** Offset and expected heading path of every level-1 and level-2 heading line. */
  sectionHeadings: { offset: number; path: string[] }[];
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function randomWord(random: () => number): string {
  const roll = random();
  if (roll < 0.01) {
    // Longer than most chunk sizes under test, with surrogate pairs inside.
    return `super${'lungo🦴'.repeat(20 + Math.floor(random() * 30))}`;
  }

  return pick(random, WORDS);
}

function randomSentence(random: () => number): string {
  const length = 3 + Math.floor(random() * 18);
  const words = Array.from({ length }, () => randomWord(random));
  words[0] = words[0].charAt(0).toUpperCase() + words[0].slice(1);

  const separator = random() < 0.1 ? '  ' : ' ';
  const ending = pick(random, ['.', '.', '.', '?', '!', ';']);

  return `${words.join(separator)}${ending}`;
}

function randomParagraph(random: () => number): string {
  const count = 1 + Math.floor(random() * 12);
  const separator = random() < 0.2 ? '\n' : ' ';

  return Array.from({ length: count }, () => randomSentence(random)).join(separator);
}

function randomCodeBlock(random: () => number): string {
  return ['```', '# non è un titolo', `valore = ${Math.floor(random() * 100)}`, '```'].join('\n');
}

/** Generates a normalised Markdown document with headings of levels 1 to 4. */
function generateDocument(seed: number): GeneratedDocument {
  const random = createRandom(seed);
  const blocks: string[] = [];
  const headingLevels: { level: number; title: string }[] = [];
  const pendingHeadings: { blockIndex: number; path: string[] }[] = [];

  if (random() < 0.5) {
    blocks.push(randomParagraph(random));
  }
  const blockCount = 5 + Math.floor(random() * 25);
  for (let index = 0; index < blockCount; index++) {
    const roll = random();
    if (roll < 0.25) {
      const level = 1 + Math.floor(random() * 4);
      const title = `${pick(random, WORDS)} ${pick(random, WORDS)}`;
      while (headingLevels.length > 0 && headingLevels[headingLevels.length - 1].level >= level) {
        headingLevels.pop();
      }
      headingLevels.push({ level, title });
      if (level <= 2) {
        pendingHeadings.push({
          blockIndex: blocks.length,
          path: headingLevels.map((h) => h.title),
        });
      }
      blocks.push(`${'#'.repeat(level)} ${title}`);
    } else if (roll < 0.3) {
      blocks.push(randomCodeBlock(random));
    } else {
      blocks.push(randomParagraph(random));
    }
  }

  const raw = blocks.join(random() < 0.5 ? '\n\n' : '\n\n\n');
  const text = normalizeText(raw);
  expect(text).toBe(raw.trim());

  const blockOffsets: number[] = [];
  let offset = 0;
  for (const block of blocks) {
    blockOffsets.push(text.indexOf(block, offset));
    offset = blockOffsets[blockOffsets.length - 1] + block.length;
  }

  return {
    text,
    sectionHeadings: pendingHeadings.map(({ blockIndex, path }) => ({
      offset: blockOffsets[blockIndex],
      path,
    })),
  };
}

function isWhitespace(character: string | undefined): boolean {
  return character !== undefined && /\s/.test(character);
}

/** Lists every broken invariant, naming the chunk, so one failure shows all of them. */
function findInvariantViolations(
  text: string,
  chunks: DocumentChunk[],
  options: ChunkingOptions,
): string[] {
  const violations: string[] = [];
  const check = (condition: boolean, index: number, rule: string): void => {
    if (!condition) {
      violations.push(`chunk ${index}: ${rule}`);
    }
  };

  chunks.forEach((chunk, index) => {
    const { startOffset: start, endOffset: end } = chunk;
    check(chunk.ordinal === index, index, 'ordinal equals position');
    check(chunk.text === text.slice(start, end), index, 'text equals the document slice');
    check(chunk.text.length > 0, index, 'text is not empty');
    check(chunk.tokenEstimate === Math.ceil(chunk.text.length / 4), index, 'token estimate');

    // Word boundaries on both sides also keep surrogate pairs whole.
    check(!isWhitespace(text[start]), index, 'starts with a non-space');
    check(!isWhitespace(text[end - 1]), index, 'ends with a non-space');
    check(start === 0 || isWhitespace(text[start - 1]), index, 'starts at a word start');
    check(end === text.length || isWhitespace(text[end]), index, 'ends at a word end');
    check(
      chunk.text.length <= options.chunkSize || /^\S+$/.test(chunk.text),
      index,
      'fits chunkSize unless it is a single word',
    );

    if (index > 0) {
      const previous = chunks[index - 1];
      check(start > previous.startOffset, index, 'starts after the previous chunk');
      check(end > previous.endOffset, index, 'ends after the previous chunk');
      check(
        previous.endOffset - start <= options.chunkOverlap,
        index,
        'overlap within chunkOverlap',
      );
    }
  });

  return violations;
}

function expectFullCoverage(text: string, chunks: DocumentChunk[]): void {
  const covered = new Uint8Array(text.length);
  for (const chunk of chunks) {
    covered.fill(1, chunk.startOffset, chunk.endOffset);
  }

  // Indexes UTF-16 code units, like the chunk offsets.
  const uncovered: number[] = [];
  for (let index = 0; index < text.length; index++) {
    if (!isWhitespace(text[index]) && covered[index] === 0) {
      uncovered.push(index);
    }
  }
  expect(uncovered).toEqual([]);
}

function expectSectionsKeptApart(document: GeneratedDocument, chunks: DocumentChunk[]): void {
  for (const heading of document.sectionHeadings) {
    const crossing = chunks.filter(
      (chunk) => chunk.startOffset < heading.offset && heading.offset < chunk.endOffset,
    );
    expect(crossing).toEqual([]);

    const first = chunks.find((chunk) => chunk.startOffset === heading.offset);
    expect(first).toBeDefined();
    expect(first?.headingPath).toEqual(heading.path);
  }
}

describe('chunkDocument', () => {
  describe('on random Italian Markdown with emoji', () => {
    const configurations: ChunkingOptions[] = [
      { chunkSize: 1000, chunkOverlap: 150 },
      { chunkSize: 200, chunkOverlap: 40 },
      { chunkSize: 60, chunkOverlap: 10 },
      { chunkSize: 25, chunkOverlap: 0 },
      { chunkSize: 120, chunkOverlap: 119 },
      { chunkSize: 400, chunkOverlap: 0 },
    ];
    const seeds = Array.from({ length: 120 }, (_, index) => index + 1);

    it.each(configurations)('keeps invariants for %p', async (options) => {
      for (const seed of seeds) {
        const document = generateDocument(seed);
        const chunks = await chunkDocument(document.text, options);

        const violations = findInvariantViolations(document.text, chunks, options);
        expect({ seed, violations }).toEqual({ seed, violations: [] });
        expectFullCoverage(document.text, chunks);
        expectSectionsKeptApart(document, chunks);
      }
    });
  });

  it('returns heading paths of nested sections', async () => {
    const text = [
      '# Lombalgia aspecifica',
      'Dolore lombare senza causa specifica.',
      '## Red flags',
      'Febbre, calo ponderale, trauma recente.',
      '## Trattamento',
      'Esercizio terapeutico e educazione.',
    ].join('\n\n');

    const chunks = await chunkDocument(text, { chunkSize: 1000, chunkOverlap: 150 });

    expect(chunks.map((chunk) => chunk.headingPath)).toEqual([
      ['Lombalgia aspecifica'],
      ['Lombalgia aspecifica', 'Red flags'],
      ['Lombalgia aspecifica', 'Trattamento'],
    ]);
    expect(chunks[1].text).toBe('## Red flags\n\nFebbre, calo ponderale, trauma recente.');
  });

  it('lets level-3 sections share a chunk', async () => {
    const text =
      '## Spalla\n\nIntroduzione.\n\n### Test clinici\n\nTest di Neer.\n\n#### Note\n\nFine.';

    const chunks = await chunkDocument(text, { chunkSize: 1000, chunkOverlap: 150 });

    expect(chunks).toHaveLength(1);
    expect(chunks[0].text).toBe(text);
    expect(chunks[0].headingPath).toEqual(['Spalla']);
  });

  it('gives a chunk the path where its new text starts', async () => {
    const intro = 'Parola iniziale del paragrafo. '.repeat(3).trim();
    const body = 'Testo della sottosezione clinica. '.repeat(3).trim();
    const text = `## Spalla\n\n${intro}\n\n### Test clinici\n\n${body}`;

    const chunks = await chunkDocument(text, { chunkSize: 130, chunkOverlap: 0 });

    expect(chunks.map((chunk) => chunk.headingPath)).toEqual([
      ['Spalla'],
      ['Spalla', 'Test clinici'],
    ]);
    expect(chunks[1].text).toBe(`### Test clinici\n\n${body}`);
  });

  it('strips closing hashes from heading titles', async () => {
    const chunks = await chunkDocument('## Red flags ##\n\nFebbre.', {
      chunkSize: 100,
      chunkOverlap: 0,
    });

    expect(chunks[0].headingPath).toEqual(['Red flags']);
  });

  it('ignores hash lines inside fenced code', async () => {
    const text = '# Esempio\n\n```\n# non un titolo\n## nemmeno questo\n```\n\nDopo il codice.';

    const chunks = await chunkDocument(text, { chunkSize: 1000, chunkOverlap: 0 });

    expect(chunks).toHaveLength(1);
    expect(chunks[0].headingPath).toEqual(['Esempio']);
  });

  it('treats hash words without a space as text', async () => {
    const chunks = await chunkDocument('#hashtag e #1 esercizio', {
      chunkSize: 100,
      chunkOverlap: 0,
    });

    expect(chunks[0].headingPath).toEqual([]);
  });

  it('keeps the heading with a long first paragraph', async () => {
    const paragraph = 'La mobilità della spalla migliora con esercizi progressivi. '
      .repeat(40)
      .trim();
    const text = `## Esercizi\n\n${paragraph}`;

    const chunks = await chunkDocument(text, { chunkSize: 1000, chunkOverlap: 150 });

    expect(chunks[0].text.startsWith('## Esercizi\n\nLa mobilità')).toBe(true);
    expect(chunks[0].text.length).toBeLessThanOrEqual(1000);
    expect(chunks[0].text.endsWith('progressivi.')).toBe(true);
    expect(chunks.every((chunk) => chunk.headingPath[0] === 'Esercizi')).toBe(true);
    expectFullCoverage(text, chunks);
  });

  it('moves a heading that would end a chunk to the next one', async () => {
    const first = 'Primo paragrafo con parole sufficienti per riempire quasi tutto il blocco.';
    const second = 'Secondo paragrafo della sottosezione, abbastanza lungo da non entrare prima.';
    const text = `## Sezione\n\n${first}\n\n### Sotto\n\n${second}`;

    const chunks = await chunkDocument(text, { chunkSize: 100, chunkOverlap: 0 });

    expect(chunks.map((chunk) => chunk.text)).toEqual([
      `## Sezione\n\n${first}`,
      `### Sotto\n\n${second}`,
    ]);
    expect(chunks[1].headingPath).toEqual(['Sezione', 'Sotto']);
  });

  it('ends chunks at sentence ends when sentences fit', async () => {
    const text = Array.from(
      { length: 30 },
      (_, index) => `Frase numero ${index} sul ginocchio.`,
    ).join(' ');

    const chunks = await chunkDocument(text, { chunkSize: 200, chunkOverlap: 40 });

    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.text).toMatch(/^Frase numero \d+/);
      expect(chunk.text.endsWith('ginocchio.')).toBe(true);
    }
  });

  it('repeats text between consecutive chunks', async () => {
    const text = Array.from({ length: 30 }, (_, index) => `Frase ${index}.`).join(' ');

    const chunks = await chunkDocument(text, { chunkSize: 100, chunkOverlap: 30 });

    for (let index = 1; index < chunks.length; index++) {
      const overlap = chunks[index - 1].endOffset - chunks[index].startOffset;
      expect(overlap).toBeGreaterThan(0);
      expect(overlap).toBeLessThanOrEqual(30);
    }
  });

  it('keeps a word longer than chunkSize whole', async () => {
    const longWord = `pre${'🦴è'.repeat(40)}post`;
    const text = `Inizio della frase ${longWord} e fine della frase.`;

    const chunks = await chunkDocument(text, { chunkSize: 30, chunkOverlap: 5 });

    expect(chunks.map((chunk) => chunk.text)).toContain(longWord);
    expect(findInvariantViolations(text, chunks, { chunkSize: 30, chunkOverlap: 5 })).toEqual([]);
    expectFullCoverage(text, chunks);
  });

  it('keeps a heading apart from a word longer than chunkSize', async () => {
    const longWord = 'x'.repeat(80);
    const text = `## Titolo\n\n${longWord}`;

    const chunks = await chunkDocument(text, { chunkSize: 50, chunkOverlap: 0 });

    expect(chunks.map((chunk) => chunk.text)).toEqual(['## Titolo', longWord]);
  });

  it('places repeated text at its own offsets', async () => {
    const text = 'ciao '.repeat(1000).trim();

    const chunks = await chunkDocument(text, { chunkSize: 100, chunkOverlap: 20 });

    expect(findInvariantViolations(text, chunks, { chunkSize: 100, chunkOverlap: 20 })).toEqual([]);
    expectFullCoverage(text, chunks);
    expect(chunks[chunks.length - 1].endOffset).toBe(text.length);
  });

  it('returns no chunks for blank text', async () => {
    await expect(chunkDocument('', { chunkSize: 100, chunkOverlap: 0 })).resolves.toEqual([]);
    await expect(chunkDocument(' \n\n ', { chunkSize: 100, chunkOverlap: 0 })).resolves.toEqual([]);
  });

  it('returns one chunk for a heading alone', async () => {
    const chunks = await chunkDocument('# Solo titolo', { chunkSize: 100, chunkOverlap: 0 });

    expect(chunks).toEqual([
      {
        ordinal: 0,
        headingPath: ['Solo titolo'],
        text: '# Solo titolo',
        startOffset: 0,
        endOffset: 13,
        tokenEstimate: 4,
      },
    ]);
  });

  it('uses 1000 and 150 by default', async () => {
    const text = 'Parola '.repeat(400).trim();

    const chunks = await chunkDocument(text);

    expect(Math.max(...chunks.map((chunk) => chunk.text.length))).toBeLessThanOrEqual(1000);
    expect(chunks[0].endOffset - chunks[1].startOffset).toBeLessThanOrEqual(150);
    expect(chunks[0].endOffset - chunks[1].startOffset).toBeGreaterThan(100);
  });

  it.each<[ChunkingOptions, string]>([
    [{ chunkSize: 0, chunkOverlap: 0 }, 'Invalid chunkSize 0'],
    [{ chunkSize: 10.5, chunkOverlap: 0 }, 'Invalid chunkSize 10.5'],
    [{ chunkSize: 100, chunkOverlap: 100 }, 'Invalid chunkOverlap 100'],
    [{ chunkSize: 100, chunkOverlap: -1 }, 'Invalid chunkOverlap -1'],
  ])('rejects options %p', async (options, message) => {
    await expect(chunkDocument('testo', options)).rejects.toThrow(message);
  });
});
