import { isSealed, KeyCipher } from '@app/sealing';

/**
 * Merchant signing secrets at rest: sealed with AES-256-GCM under KEY_ENCRYPTION_KEY, the endpoint
 * id as additional data (ADR 0008). Opening passes a plaintext `whsec_…` through: during a rolling
 * upgrade an older replica may still write one, and `reseal-webhook-secrets` seals it afterwards.
 */
export class WebhookSecrets {
  constructor(readonly cipher: KeyCipher) {}

  static fromKeys([current, ...previous]: readonly string[]): WebhookSecrets {
    if (current === undefined) throw new Error('KEY_ENCRYPTION_KEY is required to seal webhook secrets');
    return new WebhookSecrets(new KeyCipher(current, previous));
  }

  seal(endpointId: string, secret: string): string {
    return this.cipher.encrypt(Buffer.from(secret, 'utf8'), endpointId);
  }

  open(endpointId: string, stored: string): string {
    return isSealed(stored) ? this.cipher.decrypt(stored, endpointId).toString('utf8') : stored;
  }

  /** The stored text under the current key, or undefined when it already is. */
  resealed(endpointId: string, stored: string): string | undefined {
    if (isSealed(stored) && this.cipher.isSealedWithCurrentKey(stored, endpointId)) return undefined;
    return this.seal(endpointId, this.open(endpointId, stored));
  }
}
