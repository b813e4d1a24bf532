import { normalizeQuestion, normalizeText } from './normalize-text';

describe('normalizeText', () => {
  it('composes decomposed accents to NFC', () => {
    const decomposed = 'perche\u0301 la mobilita\u0300';

    expect(normalizeText(decomposed)).toBe('perch\u00e9 la mobilit\u00e0');
  });

  it('converts CRLF and lone CR to LF', () => {
    expect(normalizeText('uno\r\ndue\rtre\n')).toBe('uno\ndue\ntre');
  });

  it('removes zero-width characters and the BOM', () => {
    const input = '\uFEFFlom\u200Bbal\u200Cgia\u200D cro\u2060nica';

    expect(normalizeText(input)).toBe('lombalgia cronica');
  });

  it('removes control characters but keeps LF', () => {
    expect(normalizeText('a\u0000b\u0007c\u001Bd\u007Fe\u0090f\ng')).toBe('abcdef\ng');
  });

  it('turns tabs into spaces', () => {
    expect(normalizeText('serie\t3\tripetizioni')).toBe('serie 3 ripetizioni');
  });

  it('turns form feed and line separators into LF', () => {
    expect(normalizeText('pagina uno\fpagina due\u2028riga\u2029paragrafo')).toBe(
      'pagina uno\npagina due\nriga\nparagrafo',
    );
  });

  it('trims trailing spaces on every line', () => {
    expect(normalizeText('riga uno   \nriga due\t\n  rientro')).toBe(
      'riga uno\nriga due\n  rientro',
    );
  });

  it('collapses three or more blank lines to two', () => {
    expect(normalizeText('a\n\n\n\n\nb\n\n\nc\n\nd')).toBe('a\n\n\nb\n\n\nc\n\nd');
  });

  it('treats whitespace-only lines as blank', () => {
    expect(normalizeText('a\n  \n \t \n   \n\nb')).toBe('a\n\n\nb');
  });

  it('trims the whole text', () => {
    expect(normalizeText('\n\n  # Titolo\n\ntesto  \n\n')).toBe('# Titolo\n\ntesto');
  });

  it('keeps emoji and accented letters intact', () => {
    const text = 'Esercizio 💪 per la spalla: è già più facile 👍🏽';

    expect(normalizeText(text)).toBe(text);
  });

  it('is idempotent', () => {
    const input = '\uFEFF# Titolo\r\n\r\n\r\n\r\nper\u200Bche\u0301\t ok  \r\n\u0001fine';
    const once = normalizeText(input);

    expect(normalizeText(once)).toBe(once);
  });

  it('returns an empty string for whitespace and invisible input', () => {
    expect(normalizeText(' \n\t\u200B\uFEFF\r\n ')).toBe('');
  });
});

describe('normalizeQuestion', () => {
  it('collapses all whitespace to single spaces', () => {
    expect(normalizeQuestion('  quali\n\nesercizi\tper la\u00A0spalla?  ')).toBe(
      'quali esercizi per la spalla?',
    );
  });

  it('strips control and zero-width characters', () => {
    expect(normalizeQuestion('lom\u200Bbalgia\u0000 cro\uFEFFnica\u0007')).toBe(
      'lombalgia cronica',
    );
  });

  it('keeps words apart when a control line break separates them', () => {
    expect(normalizeQuestion('dolore\u2028lombare\fcronico')).toBe('dolore lombare cronico');
  });

  it('composes decomposed accents to NFC', () => {
    expect(normalizeQuestion('perche\u0301?')).toBe('perch\u00e9?');
  });
});
