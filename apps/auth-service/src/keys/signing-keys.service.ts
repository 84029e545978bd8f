import { type KeyCipher } from '@app/sealing';
import { type KeyRing } from './key-ring.js';
import { generateSigningKey } from './signing-key.factory.js';
import { type SigningKeysRepository } from './signing-keys.repository.js';

export interface RotationResult {
  activeKid: string;
  retiredKids: string[];
}

/** Creating and rotating signing keys; the key ring only reads them. */
export class SigningKeysService {
  constructor(
    private readonly repository: SigningKeysRepository,
    private readonly cipher: KeyCipher,
    private readonly ring: KeyRing,
    /** How long a retired key must still verify: token TTL + key refresh interval + clock leeway. */
    private readonly retiredKeyVerifySeconds: number,
  ) {}

  /** First start of a fresh database: create the first key (exactly one, even with two replicas racing). */
  async ensureActiveKey(): Promise<boolean> {
    const created = await this.repository.insertIfNoneActive(await generateSigningKey(this.cipher));
    if (created) this.ring.invalidate();
    return created;
  }

  async rotate(): Promise<RotationResult> {
    const key = await generateSigningKey(this.cipher);
    const retiredKids = await this.repository.rotate(key, this.retiredKeyVerifySeconds);
    this.ring.invalidate();
    return { activeKid: key.kid, retiredKids };
  }
}
