import { type KeyObject, sign } from 'node:crypto';

const encode = (part: object): string => Buffer.from(JSON.stringify(part), 'utf8').toString('base64url');

/**
 * An RFC 7515 compact JWS signed with Ed25519 (`alg: EdDSA`, RFC 8037), on the calling thread.
 * jose's SignJWT goes through WebCrypto, which queues every signature as a job on libuv's thread
 * pool: in auth that pool is the two threads running argon2id, so a token waited behind hashes and
 * each one cost a thread hand-off. node:crypto's one-shot sign takes ~50 µs here; the bytes are the
 * same as jose's (Ed25519 is deterministic), verification stays with jose.
 */
export function signCompactEd25519(header: object, payload: object, privateKey: KeyObject): string {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(
      `an EdDSA token needs an Ed25519 key, not ${privateKey.asymmetricKeyType ?? privateKey.type}`,
    );
  }
  const signingInput = `${encode(header)}.${encode(payload)}`;
  return `${signingInput}.${sign(null, Buffer.from(signingInput, 'ascii'), privateKey).toString('base64url')}`;
}
