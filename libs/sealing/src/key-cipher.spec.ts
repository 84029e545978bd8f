import { randomBytes } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { isSealed, KeyCipher } from './key-cipher.js';

const aKey = (): string => randomBytes(32).toString('base64');
const sut = new KeyCipher(aKey());

describe(KeyCipher.name, () => {
  it('round-trips a secret under the same key id', () => {
    const sealed = sut.encrypt(Buffer.from('private key bytes'), 'kid-1');
    expect(sealed).not.toContain('private');
    expect(isSealed(sealed)).toBe(true);
    expect(sut.decrypt(sealed, 'kid-1').toString()).toBe('private key bytes');
  });

  it('refuses a ciphertext moved to another key id', () => {
    const sealed = sut.encrypt(Buffer.from('secret'), 'kid-1');
    expect(() => sut.decrypt(sealed, 'kid-2')).toThrow();
  });

  it('refuses a ciphertext sealed under another encryption key', () => {
    const sealed = new KeyCipher(aKey()).encrypt(Buffer.from('secret'), 'kid-1');
    expect(() => sut.decrypt(sealed, 'kid-1')).toThrow(/any configured key/);
  });

  it('refuses an encryption key that is not 32 bytes', () => {
    expect(() => new KeyCipher(randomBytes(16).toString('base64'))).toThrow(
      /KEY_ENCRYPTION_KEY must be 32 bytes/,
    );
    expect(() => new KeyCipher(aKey(), [randomBytes(8).toString('base64')])).toThrow(
      /KEY_ENCRYPTION_KEY_PREVIOUS/,
    );
  });

  it('opens secrets sealed under a previous key during a rotation and seals only under the new one', () => {
    const oldKey = aKey();
    const sealedBefore = new KeyCipher(oldKey).encrypt(Buffer.from('whsec_x'), 'ep-1');
    const rotating = new KeyCipher(aKey(), [oldKey]);
    expect(rotating.decrypt(sealedBefore, 'ep-1').toString()).toBe('whsec_x');
    expect(rotating.isSealedWithCurrentKey(sealedBefore, 'ep-1')).toBe(false);
    const resealed = rotating.encrypt(Buffer.from('whsec_x'), 'ep-1');
    expect(rotating.isSealedWithCurrentKey(resealed, 'ep-1')).toBe(true);
    expect(() => new KeyCipher(oldKey).decrypt(resealed, 'ep-1')).toThrow();
  });

  it('tells sealed text from a plaintext webhook secret', () => {
    expect(isSealed('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe(false);
  });
});
