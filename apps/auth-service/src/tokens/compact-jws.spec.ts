import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { compactVerify, SignJWT } from 'jose';
import { signCompactEd25519 } from './compact-jws.js';

const header = { alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' };
const claims = {
  iss: 'https://auth.test',
  aud: 'payments',
  sub: 'user-1',
  iat: 1_700_000_000,
  exp: 1_700_000_900,
  jti: 'ü-1',
  sid: 'f',
};

describe(signCompactEd25519.name, () => {
  it('yields the same bytes as jose for the same header, claims and key', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const byJose = await new SignJWT({ ...claims }).setProtectedHeader(header).sign(privateKey);
    expect(signCompactEd25519(header, claims, privateKey)).toBe(byJose);
  });

  it('is verified by jose with the public half and by no other key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const token = signCompactEd25519(header, claims, privateKey);
    const { payload, protectedHeader } = await compactVerify(token, publicKey, { algorithms: ['EdDSA'] });
    expect(protectedHeader).toEqual(header);
    expect(JSON.parse(Buffer.from(payload).toString('utf8'))).toEqual(claims);
    await expect(compactVerify(token, generateKeyPairSync('ed25519').publicKey)).rejects.toThrow();
  });

  it('refuses a key that is not Ed25519', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signCompactEd25519(header, claims, privateKey)).toThrow(TypeError);
  });
});
