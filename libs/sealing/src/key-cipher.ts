import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM for secrets at rest (auth's private signing keys, payment's merchant webhook
 * secrets). The row id is the additional authenticated data, so a ciphertext copied onto another
 * row does not decrypt. Sealing always uses the current key; opening also accepts the previous
 * keys, so a KEY_ENCRYPTION_KEY rotation never makes a stored secret unreadable mid-way.
 */
export class KeyCipher {
  private readonly current: Buffer;
  private readonly previous: Buffer[];

  constructor(keyBase64: string, previousKeysBase64: readonly string[] = []) {
    this.current = toKey(keyBase64, 'KEY_ENCRYPTION_KEY');
    this.previous = previousKeysBase64.map((key) => toKey(key, 'KEY_ENCRYPTION_KEY_PREVIOUS'));
  }

  encrypt(plaintext: Buffer, aad: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(sealed: string, aad: string): Buffer {
    for (const key of [this.current, ...this.previous]) {
      const opened = open(key, sealed, aad);
      if (opened !== undefined) return opened;
    }
    throw new Error('sealed secret does not open under any configured key');
  }

  /** True when `sealed` opens under the current key: nothing left to re-seal. */
  isSealedWithCurrentKey(sealed: string, aad: string): boolean {
    return open(this.current, sealed, aad) !== undefined;
  }
}

/** True for text in the sealed format (which a plaintext webhook secret `whsec_…` never is). */
export function isSealed(value: string): boolean {
  return value.startsWith(`${VERSION}.`) && value.split('.').length === 4;
}

function toKey(keyBase64: string, name: string): Buffer {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded`);
  return key;
}

function open(key: Buffer, sealed: string, aad: string): Buffer | undefined {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined)
    throw new Error('unrecognised sealed key format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
  } catch {
    return undefined; // wrong key or tampered: the tag does not verify
  }
}
