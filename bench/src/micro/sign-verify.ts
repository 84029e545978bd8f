// Access-token signing algorithm choice (docs/adr/0003-token-signing.md): sign and verify rates
// through jose, EdDSA vs ES256 (RS256 for scale), with KeyObject and WebCrypto CryptoKey keys.
// The machine is shared, so every case runs in several short interleaved rounds and the best
// round counts (the least disturbed one). In-process only: it touches no stack.
//   node bench/dist/micro/sign-verify.js [rounds, default 6] [ms per round, default 400]
import { generateKeyPairSync, type KeyObject, webcrypto } from 'node:crypto';

import { jwtVerify, SignJWT } from 'jose';

type Key = KeyObject | webcrypto.CryptoKey;

const rounds = Number(process.argv[2] ?? 6);
const roundMs = Number(process.argv[3] ?? 400);
const claims = {
  iss: 'https://auth.local',
  aud: 'payment-service',
  sub: '7d3c2a0e-0000-4000-8000-000000000000',
  jti: 'b1e0c3d2-0000-4000-8000-000000000000',
};

const cases = {
  EdDSA: { generate: () => generateKeyPairSync('ed25519'), web: { name: 'Ed25519' } },
  ES256: {
    generate: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    web: { name: 'ECDSA', namedCurve: 'P-256' },
  },
  RS256: {
    generate: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
    web: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  },
};

async function perSecond(fn: () => Promise<unknown>): Promise<number> {
  const end = performance.now() + roundMs;
  let n = 0;
  while (performance.now() < end) {
    await fn();
    n++;
  }
  return Math.round((n * 1000) / roundMs);
}

const sign = (alg: string, key: Key): Promise<string> =>
  new SignJWT(claims)
    .setProtectedHeader({ alg, kid: 'k', typ: 'at+jwt' })
    .setIssuedAt()
    .setExpirationTime('15m')
    .sign(key);

async function main(): Promise<void> {
  const work: { alg: string; column: string; fn: () => Promise<unknown> }[] = [];
  for (const [alg, { generate, web }] of Object.entries(cases)) {
    const { privateKey, publicKey } = generate();
    const keys: Record<string, { sign: Key; verify: Key }> = {
      KeyObject: { sign: privateKey, verify: publicKey },
      CryptoKey: {
        sign: await webcrypto.subtle.importKey('jwk', privateKey.export({ format: 'jwk' }), web, false, [
          'sign',
        ]),
        verify: await webcrypto.subtle.importKey('jwk', publicKey.export({ format: 'jwk' }), web, false, [
          'verify',
        ]),
      },
    };
    const token = await sign(alg, privateKey);
    const opts = { algorithms: [alg], issuer: claims.iss, audience: claims.aud };
    for (const [form, key] of Object.entries(keys)) {
      work.push({ alg, column: `sign/s (${form})`, fn: () => sign(alg, key.sign) });
      work.push({ alg, column: `verify/s (${form})`, fn: () => jwtVerify(token, key.verify, opts) });
    }
  }
  const best = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    for (const { alg, column, fn } of work) {
      const key = `${alg}|${column}`;
      best.set(key, Math.max(best.get(key) ?? 0, await perSecond(fn)));
    }
  }
  const table: Record<string, Record<string, number>> = {};
  for (const [key, value] of best) {
    const [alg, column] = key.split('|');
    (table[alg] ??= {})[column] = value;
  }
  console.log(`node ${process.version}, jose 6, one thread, best of ${rounds} rounds x ${roundMs} ms`);
  console.table(table);
}

void main();
