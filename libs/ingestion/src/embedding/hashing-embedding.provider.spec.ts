import { HashingEmbeddingProvider, stem } from './hashing-embedding.provider';

function cosine(left: number[], right: number[]): number {
  return left.reduce((sum, value, index) => sum + value * right[index], 0);
}

function norm(vector: number[]): number {
  return Math.sqrt(cosine(vector, vector));
}

describe('HashingEmbeddingProvider', () => {
  const provider = new HashingEmbeddingProvider(1536);

  it('reports model and dimension', () => {
    expect(provider.model).toBe('hashing-v1');
    expect(provider.dimension).toBe(1536);
  });

  it.each([8, 384, 1536])('returns unit vectors of dimension %p', async (dimension) => {
    const sized = new HashingEmbeddingProvider(dimension);

    const vector = await sized.embedQuery('Esercizi di rinforzo per la cuffia dei rotatori');

    expect(vector).toHaveLength(dimension);
    expect(norm(vector)).toBeCloseTo(1, 10);
    expect(vector.every(Number.isFinite)).toBe(true);
  });

  it('ranks related Italian sentences above unrelated ones', async () => {
    const [query, related, unrelated] = await provider.embedDocuments([
      'dolore lombare cronico',
      'lombalgia cronica con dolore',
      'esercizi per la cuffia dei rotatori della spalla',
    ]);

    expect(cosine(query, related)).toBeGreaterThan(0.2);
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated) + 0.2);
  });

  it('matches inflected forms through stems', async () => {
    const [singular, plural, other] = await provider.embedDocuments([
      'esercizio muscolare',
      'esercizi muscolari',
      'frattura del polso',
    ]);

    expect(cosine(singular, plural)).toBeGreaterThan(0.25);
    expect(cosine(singular, plural)).toBeGreaterThan(cosine(singular, other) + 0.2);
  });

  it('matches across Italian and English word forms', async () => {
    const [italian, english, unrelated] = await provider.embedDocuments([
      'riabilitazione del legamento crociato anteriore',
      'anterior cruciate ligament rehabilitation',
      'sindrome del tunnel carpale',
    ]);

    expect(cosine(italian, english)).toBeGreaterThan(cosine(italian, unrelated));
  });

  it('ignores accents, case and Unicode form', async () => {
    const reference = await provider.embedQuery('perché la mobilità è già più facile');
    const variants = [
      'perche la mobilita e gia piu facile',
      'PERCHÉ LA MOBILITÀ È GIÀ PIÙ FACILE',
      'perche\u0301 la mobilita\u0300 e\u0300 gia\u0300 piu\u0300 facile',
    ];

    for (const variant of variants) {
      expect(await provider.embedQuery(variant)).toEqual(reference);
    }
  });

  it('ignores punctuation and spacing', async () => {
    const reference = await provider.embedQuery('dolore lombare cronico');

    expect(await provider.embedQuery('  Dolore,\nlombare... cronico!  ')).toEqual(reference);
  });

  it('returns the same vector on every call and instance', async () => {
    const text = 'Test di Lachman: sensibilità 85%, specificità 94% 🦵';
    const first = await provider.embedQuery(text);

    expect(await provider.embedQuery(text)).toEqual(first);
    expect(await new HashingEmbeddingProvider(1536).embedQuery(text)).toEqual(first);
    expect(await provider.embedDocuments([text])).toEqual([first]);
  });

  it('pins vector values across releases', async () => {
    const vector = await new HashingEmbeddingProvider(16).embedQuery('dolore lombare');

    // Stored vectors must stay comparable with query vectors, so any change to these values needs
    // a new model name and a re-embedding of stored chunks.
    const expected = [
      0, 0, 0.106079, -0.179608, -0.495036, 0, 0, 0.530396, 0.353597, 0.282878, -0.212158,
      -0.318238, 0.106079, -0.106079, -0.106079, 0.212158,
    ];
    vector.forEach((value, index) => expect(value).toBeCloseTo(expected[index], 6));
  });

  it('returns the bucket-0 unit vector for text without features', async () => {
    const expected = Array.from({ length: 1536 }, (_, index) => (index === 0 ? 1 : 0));

    for (const text of ['', '   ', 'il la di e per con', 'the of and', '...!?', '\u200B']) {
      expect(await provider.embedQuery(text)).toEqual(expected);
    }
  });

  it('keeps the order of documents', async () => {
    const texts = ['spalla', 'ginocchio', 'anca', 'caviglia', 'polso'];

    const batch = await provider.embedDocuments(texts);
    const single = await Promise.all(texts.map((text) => provider.embedQuery(text)));

    expect(batch).toEqual(single);
  });

  it('embeds more texts than one event-loop turn handles', async () => {
    const texts = Array.from({ length: 250 }, (_, index) => `paragrafo numero ${index}`);

    const vectors = await provider.embedDocuments(texts);

    expect(vectors).toHaveLength(250);
    expect(vectors[249]).toEqual(await provider.embedQuery('paragrafo numero 249'));
  });

  it('returns an empty list for no documents', async () => {
    await expect(provider.embedDocuments([])).resolves.toEqual([]);
  });

  it.each([0, -3, 1.5, Number.NaN])('rejects dimension %p', (dimension) => {
    expect(() => new HashingEmbeddingProvider(dimension)).toThrow(
      `Invalid embedding dimension ${dimension}: expected a positive integer.`,
    );
  });
});

describe('stem', () => {
  it.each([
    ['dolore', 'dolor'],
    ['dolori', 'dolor'],
    ['cronico', 'cronic'],
    ['cronica', 'cronic'],
    ['croniche', 'cronic'],
    ['lombare', 'lomb'],
    ['lombari', 'lomb'],
    ['riabilitazione', 'riabilit'],
    ['riabilitare', 'riabilit'],
    ['esercizio', 'eserciz'],
    ['esercizi', 'eserciz'],
    ['terapia', 'terap'],
    ['terapie', 'terap'],
    ['lentamente', 'lenta'],
    ['stretching', 'stretch'],
    ['injuries', 'injury'],
    ['muscles', 'muscle'],
    ['stress', 'stress'],
    ['anca', 'anca'],
    ['l5s1', 'l5s1'],
  ])('stems %p to %p', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});
