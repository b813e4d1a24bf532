import { pickLanguage } from './language';

describe('pickLanguage', () => {
  it.each([
    [undefined, 'it'],
    ['', 'it'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['fr-FR,fr;q=0.9', 'it'],
    ['fr, en;q=0.5, it;q=0.8', 'it'],
    ['it;q=0.2, en;q=0.9', 'en'],
    ['en;q=0', 'it'],
    ['EN-us', 'en'],
    ['en;q=abc', 'it'],
  ])('maps %p to %p', (header, expected) => {
    expect(pickLanguage(header)).toBe(expected);
  });
});
