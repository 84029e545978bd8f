import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

import { JwksVerifier } from '../src/tokens/jwks.verifier.js';
import { type TokensOptions } from '../src/tokens/tokens.env.js';
import { AuthUnavailableError } from '../src/tokens/tokens.errors.js';

const ISSUER = 'https://auth.test';
const AUDIENCE = 'payment-service';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' } };
}

function accessToken(
  key: SigningKey,
  overrides: { exp?: number; iss?: string; aud?: string; typ?: string; kid?: string } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ jti: `jti-${now}-${Math.random()}` })
    .setProtectedHeader({ alg: 'EdDSA', kid: overrides.kid ?? key.kid, typ: overrides.typ ?? 'at+jwt' })
    .setSubject('user-1')
    .setIssuer(overrides.iss ?? ISSUER)
    .setAudience(overrides.aud ?? AUDIENCE)
    .setIssuedAt(now - 60)
    .setExpirationTime(overrides.exp ?? now + 600)
    .sign(key.privateKey);
}

// A real JWKS endpoint standing in for auth's, so key rotation and outages can be staged.
function startJwksServer(): Promise<{
  server: Server;
  url: string;
  state: { keys: JWK[]; down: boolean; fetches: number };
}> {
  const state = { keys: [] as JWK[], down: false, fetches: 0 };
  const server = createServer((_req, res) => {
    state.fetches += 1;
    if (state.down) return res.writeHead(503).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth/.well-known/jwks.json`,
        state,
      }),
    ),
  );
}

function options(jwksUrl: string): TokensOptions {
  return {
    introspectionUrls: [],
    clientId: 'payments',
    clientSecret: 'unused',
    jwksUrl,
    issuer: ISSUER,
    audience: AUDIENCE,
    introspectionTimeoutMs: 500,
    breakerResetMs: 1_000,
    jwksRefreshSeconds: 3_600,
    cacheMaxTtlSeconds: 900,
    clockToleranceSeconds: 0,
  };
}

describe(JwksVerifier.name, () => {
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;
  let current: SigningKey;
  let sut: JwksVerifier;

  beforeAll(async () => {
    jwks = await startJwksServer();
    current = await signingKey('key-1');
    jwks.state.keys = [current.jwk];
    sut = new JwksVerifier(options(jwks.url));
    await sut.onModuleInit();
  });

  afterAll(async () => {
    sut.onModuleDestroy();
    await new Promise((resolve) => jwks.server.close(resolve));
  });

  it('accepts a token signed by a published key, with the pinned alg, typ, iss and aud', async () => {
    await expect(sut.verify(await accessToken(current))).resolves.toMatchObject({
      sub: 'user-1',
      jti: expect.any(String),
    });
  });

  it.each([
    ['expired', { exp: Math.floor(Date.now() / 1000) - 10 }],
    ['from another issuer', { iss: 'https://evil.test' }],
    ['for another audience', { aud: 'someone-else' }],
    ['of another type (an ID token)', { typ: 'JWT' }],
  ])('rejects a token %s', async (_name, overrides) => {
    await expect(sut.verify(await accessToken(current, overrides))).resolves.toBeUndefined();
  });

  it('rejects a token forged with another key under a published kid', async () => {
    const forger = await signingKey('key-1');

    await expect(sut.verify(await accessToken(forger))).resolves.toBeUndefined();
  });

  it('rejects alg "none" and HS256 even with a published kid', async () => {
    const header = (alg: string) =>
      Buffer.from(JSON.stringify({ alg, kid: 'key-1', typ: 'at+jwt' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'user-1', jti: 'j', iss: ISSUER, aud: AUDIENCE, exp: 9_999_999_999, iat: 1 }),
    ).toString('base64url');

    await expect(sut.verify(`${header('none')}.${payload}.`)).resolves.toBeUndefined();
    await expect(sut.verify(`${header('HS256')}.${payload}.c2ln`)).resolves.toBeUndefined();
  });

  it('keeps its keys when a refresh fails, so verification goes on while auth is down', async () => {
    jwks.state.down = true;
    try {
      await expect(sut.refresh()).resolves.toBe(false);
      await expect(sut.verify(await accessToken(current))).resolves.toMatchObject({ sub: 'user-1' });
    } finally {
      jwks.state.down = false;
    }
  });

  it('refetches once on an unknown kid (a rotation), and not again for a while', async () => {
    const rotated = await signingKey('key-2');
    jwks.state.keys = [current.jwk, rotated.jwk];
    const fetchesBefore = jwks.state.fetches;

    await expect(sut.verify(await accessToken(rotated))).resolves.toMatchObject({ sub: 'user-1' });
    await expect(sut.verify(await accessToken(rotated, { kid: 'made-up' }))).resolves.toBeUndefined();

    expect(jwks.state.fetches).toBe(fetchesBefore + 1);
  });

  it('answers "unavailable" rather than "invalid" when it never got any key', async () => {
    jwks.state.down = true;
    const cold = new JwksVerifier(options(jwks.url));
    try {
      await cold.onModuleInit();

      await expect(cold.verify(await accessToken(current))).rejects.toBeInstanceOf(AuthUnavailableError);
    } finally {
      cold.onModuleDestroy();
      jwks.state.down = false;
    }
  });
});
