import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { type CryptoKey, type JWK, exportJWK, exportSPKI, generateKeyPair } from 'jose';

export interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256' | 'PS256';
  privateKey: CryptoKey;
  publicJwk: JWK;
  publicPem: string;
}

/** A local stand-in for an OpenID provider's `jwks_uri`, on a loopback port. */
export interface JwksServer {
  url: string;
  /** Keys currently published; tests push new ones to simulate rotation. */
  keys: SigningKey[];
  /** Number of JWKS requests served so far. */
  requests: number;
  /** When set, the endpoint returns 500, as during a provider outage. */
  failing: boolean;
  close(): Promise<void>;
}

export async function generateSigningKey(
  kid: string,
  alg: SigningKey['alg'] = 'RS256',
): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };

  return { kid, alg, privateKey, publicJwk, publicPem: await exportSPKI(publicKey) };
}

export async function startJwksServer(initialKeys: SigningKey[]): Promise<JwksServer> {
  const state = { keys: initialKeys, requests: 0, failing: false };
  const server: Server = createServer((request, response) => {
    state.requests += 1;
    if (state.failing || request.url !== '/.well-known/jwks.json') {
      response.writeHead(state.failing ? 500 : 404).end();

      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ keys: state.keys.map((key) => key.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
