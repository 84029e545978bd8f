import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { KeyCipher } from './key-cipher.js';

const sut = new KeyCipher(randomBytes(32).toString('base64'));

describe(KeyCipher.name, () => {
  it('round-trips a secret under the same key id', () => {
    const sealed = sut.encrypt(Buffer.from('private key bytes'), 'kid-1');
    expect(sealed).not.toContain('private');
    expect(sut.decrypt(sealed, 'kid-1').toString()).toBe('private key bytes');
  });

  it('refuses a ciphertext moved to another key id', () => {
    const sealed = sut.encrypt(Buffer.from('secret'), 'kid-1');
    expect(() => sut.decrypt(sealed, 'kid-2')).toThrow();
  });

  it('refuses a ciphertext sealed under another encryption key', () => {
    const sealed = new KeyCipher(randomBytes(32).toString('base64')).encrypt(Buffer.from('secret'), 'kid-1');
    expect(() => sut.decrypt(sealed, 'kid-1')).toThrow();
  });

  it('refuses an encryption key that is not 32 bytes', () => {
    expect(() => new KeyCipher(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
