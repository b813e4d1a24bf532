import { isHostAllowed, parseAllowedHosts } from './allowed-hosts';

describe('allowed hosts', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['*', undefined],
    ['api.example.org, *', undefined],
    [' API.Example.org , .uni.example ', ['api.example.org', '.uni.example']],
  ])('parses %p', (raw, expected) => {
    expect(parseAllowedHosts(raw)).toEqual(expected);
  });

  const allowed = ['api.example.org', '.uni.example', '[::1]'];

  it.each([
    ['api.example.org', true],
    ['API.EXAMPLE.ORG', true],
    ['api.example.org.', true],
    ['uni.example', true],
    ['corsi.uni.example', true],
    ['[::1]', true],
    ['', false],
    ['example.org', false],
    ['api.example.org.evil.example', false],
    ['evilapi.example.org', false],
    ['xuni.example', false],
    ['[::2]', false],
  ])('decides %p: %p', (host, expected) => {
    expect(isHostAllowed(host, allowed)).toBe(expected);
  });
});
