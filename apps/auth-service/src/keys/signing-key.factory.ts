import { generateKeyPairSync } from 'node:crypto';
import { ACCESS_TOKEN_ALGORITHM } from '@app/auth-contract';
import { type KeyCipher } from '@app/sealing';
import { calculateJwkThumbprint } from 'jose';

export interface NewSigningKey {
  kid: string;
  algorithm: string;
  publicJwk: Record<string, string>;
  privateKeySealed: string;
}

/** A fresh Ed25519 pair: public half as a JWK, private half sealed for the database. */
export async function generateSigningKey(cipher: KeyCipher): Promise<NewSigningKey> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const { kty, crv, x } = publicKey.export({ format: 'jwk' });
  if (kty !== 'OKP' || crv !== 'Ed25519' || !x) throw new Error('unexpected Ed25519 public JWK');
  const kid = await calculateJwkThumbprint({ kty, crv, x });
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  return {
    kid,
    algorithm: ACCESS_TOKEN_ALGORITHM,
    publicJwk: { kty, crv, x },
    privateKeySealed: cipher.encrypt(pkcs8, kid),
  };
}
