import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Loopback, private (RFC 1918, RFC 4193) and link-local ranges, where a reverse proxy sits. */
const PRIVATE_NETWORKS = new BlockList();
PRIVATE_NETWORKS.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE_NETWORKS.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE_NETWORKS.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE_NETWORKS.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE_NETWORKS.addSubnet('169.254.0.0', 16, 'ipv4');
PRIVATE_NETWORKS.addAddress('::1', 'ipv6');
PRIVATE_NETWORKS.addSubnet('fc00::', 7, 'ipv6');
PRIVATE_NETWORKS.addSubnet('fe80::', 10, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) {
    return PRIVATE_NETWORKS.check(mapped, 'ipv4');
  }
  if (isIPv4(address)) {
    return PRIVATE_NETWORKS.check(address, 'ipv4');
  }

  return isIPv6(address) && PRIVATE_NETWORKS.check(address, 'ipv6');
}

/**
 * Fastify `trustProxy` function for TRUST_PROXY_HOPS: the socket peer and the next `hops - 1`
 * X-Forwarded-For entries are proxies, so request.ip is the entry `hops` steps back from the
 * socket. Entries further left are client-supplied and ignored. Fastify 5.12 no longer accepts
 * a bare hop count, because a client that reaches the API directly could then forge the
 * header. Here the socket peer must also be a loopback or private address, which a client on
 * the internet is not.
 */
export function trustProxyHops(hops: number): (address: string, hop: number) => boolean {
  return (address, hop) => hop < hops && (hop > 0 || isPrivateAddress(address));
}
