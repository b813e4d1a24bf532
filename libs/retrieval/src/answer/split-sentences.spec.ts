import { splitSentences } from './split-sentences';

function texts(passage: string): string[] {
  return splitSentences(passage).map((sentence) => sentence.text);
}

describe('splitSentences', () => {
  it('splits at sentence-final punctuation before a capital', () => {
    expect(texts('Il dolore cala. La forza torna! Quando? Dopo 6 settimane.')).toEqual([
      'Il dolore cala.',
      'La forza torna!',
      'Quando?',
      'Dopo 6 settimane.',
    ]);
  });

  it('keeps Italian abbreviations inside the sentence', () => {
    expect(
      texts('Esercizi di rinforzo (es. squat, ecc.) e stretching. Il dott. Rossi li prescrive.'),
    ).toEqual([
      'Esercizi di rinforzo (es. squat, ecc.) e stretching.',
      'Il dott. Rossi li prescrive.',
    ]);
  });

  it('keeps decimals and initials inside the sentence', () => {
    expect(
      texts('Si usa una frequenza di 2.5 MHz. Lo descrive A. Rossi nel testo. Poi si valuta.'),
    ).toEqual([
      'Si usa una frequenza di 2.5 MHz.',
      'Lo descrive A. Rossi nel testo.',
      'Poi si valuta.',
    ]);
  });

  it('does not split before a lowercase word', () => {
    expect(texts('Vedi fig. 3 e cap. successivo. e poi continua.')).toEqual([
      'Vedi fig. 3 e cap. successivo. e poi continua.',
    ]);
  });

  it('treats headings and list items as units without their markers', () => {
    const sentences = splitSentences(
      '## Fasi cliniche\n\n- fase dolorosa;\n- fase di rigidità.\n1. Primo punto. Secondo',
    );

    expect(sentences.map((sentence) => [sentence.kind, sentence.text])).toEqual([
      ['heading', 'Fasi cliniche'],
      ['item', 'fase dolorosa;'],
      ['item', 'fase di rigidità.'],
      ['item', 'Primo punto. Secondo'],
    ]);
  });

  it('splits after closing quotes and brackets', () => {
    expect(texts('Si chiama "the Knack." Serve a prevenire le perdite.')).toEqual([
      'Si chiama "the Knack."',
      'Serve a prevenire le perdite.',
    ]);
  });

  it('returns offsets that slice the passage to each sentence', () => {
    const passage =
      '# Titolo\n\n  Prima frase.   Seconda frase, con 3.5 kg.\n- voce di elenco  \nUltima riga';

    for (const sentence of splitSentences(passage)) {
      expect(passage.slice(sentence.start, sentence.end)).toBe(sentence.text);
    }
    expect(texts(passage)).toEqual([
      'Titolo',
      'Prima frase.',
      'Seconda frase, con 3.5 kg.',
      'voce di elenco',
      'Ultima riga',
    ]);
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\n  ')).toEqual([]);
  });
});
