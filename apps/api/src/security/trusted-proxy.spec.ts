import { isPrivateAddress, trustProxyHops } from './trusted-proxy';

describe('trusted proxy', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.20.30.40', true],
    ['172.16.0.1', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.10.10', true],
    ['::1', true],
    ['fd12:3456::1', true],
    ['fe80::1', true],
    ['::ffff:10.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['8.8.8.8', false],
    ['2001:db8::1', false],
    ['not an address', false],
  ])('classifies %p as private: %p', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it('trusts the private socket peer and the given number of hops', () => {
    const trust = trustProxyHops(2);

    expect(trust('10.0.0.5', 0)).toBe(true);
    expect(trust('203.0.113.9', 1)).toBe(true);
    expect(trust('203.0.113.10', 2)).toBe(false);
  });

  it('trusts no hop when the socket peer is public', () => {
    expect(trustProxyHops(1)('203.0.113.9', 0)).toBe(false);
  });
});
