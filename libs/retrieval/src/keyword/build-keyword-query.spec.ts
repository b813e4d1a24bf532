import { buildKeywordQuery } from './build-keyword-query';

describe('buildKeywordQuery', () => {
  it('joins the distinct words with OR', () => {
    expect(buildKeywordQuery('Test di Phalen, test di Tinel')).toBe(
      'test OR di OR phalen OR tinel',
    );
  });

  it('splits elisions on ASCII and typographic apostrophes', () => {
    expect(buildKeywordQuery("l'invio al medico")).toBe('invio OR al OR medico');
    expect(buildKeywordQuery('dell’anca')).toBe('dell OR anca');
  });

  it('keeps accented letters and digits', () => {
    expect(buildKeywordQuery('Perché 1RM all’80%?')).toBe('perché OR 1rm OR all OR 80');
  });

  it('keeps letters of non-Latin scripts', () => {
    expect(buildKeywordQuery('боль в спине')).toBe('боль OR спине');
  });

  it('drops one-character words', () => {
    expect(buildKeywordQuery('a e i o u è')).toBeNull();
  });

  it('returns null for empty and punctuation-only text', () => {
    expect(buildKeywordQuery('')).toBeNull();
    expect(buildKeywordQuery('   ')).toBeNull();
    expect(buildKeywordQuery(`:&|!()<>*\\'"’-`)).toBeNull();
  });

  it.each([
    ['tsquery operators', 'caviglia & !ginocchio | (spalla) <-> anca:* \\x'],
    ['websearch syntax', '"ricostruzione lca" -corsa or tendine OR spalla'],
    ['SQL quotes and comments', "'; DROP TABLE chunks; -- /* */"],
    ['prefix and weight markers', 'spalla:*A anca:B'],
  ])('never lets %s reach the query', (_label, input) => {
    const query = buildKeywordQuery(input) ?? '';

    for (const word of query.split(' OR ')) {
      expect(word).toMatch(/^[\p{L}\p{N}\p{M}]+$/u);
      expect(word).not.toBe('or');
    }
  });

  it('drops the word "or", which websearch_to_tsquery reads as an operator', () => {
    expect(buildKeywordQuery('tendine or OR Or spalla')).toBe('tendine OR spalla');
    expect(buildKeywordQuery('or')).toBeNull();
  });

  it('dedupes case-insensitively', () => {
    expect(buildKeywordQuery('Spalla spalla SPALLA')).toBe('spalla');
  });

  it('composes decomposed accents before matching', () => {
    expect(buildKeywordQuery('perche\u0301')).toBe('perché');
  });

  it('bounds the number and length of words', () => {
    const many = Array.from({ length: 200 }, (_, index) => `parola${index}`).join(' ');
    const long = 'x'.repeat(500);

    expect(buildKeywordQuery(many)?.split(' OR ')).toHaveLength(64);
    expect(buildKeywordQuery(`${long} spalla`)).toBe('spalla');
  });

  it('treats zero-width and control characters as separators', () => {
    expect(buildKeywordQuery('spal\u200Bla\u0000anca')).toBe('spal OR la OR anca');
  });
});
