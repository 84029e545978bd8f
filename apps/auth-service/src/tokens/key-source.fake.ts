import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { type KeySource, type SigningKey } from './access-tokens.js';

export class FakeKeySource implements KeySource {
  readonly keys = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();
  activeKid = '';

  add(kid: string): SigningKey {
    const pair = generateKeyPairSync('ed25519');
    this.keys.set(kid, pair);
    this.activeKid = kid;
    return { kid, privateKey: pair.privateKey };
  }
  async signingKey(): Promise<SigningKey> {
    return { kid: this.activeKid, privateKey: this.keys.get(this.activeKid)!.privateKey };
  }
  async verificationKey(kid: string): Promise<KeyObject | undefined> {
    return this.keys.get(kid)?.publicKey;
  }
}
