import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { ACCESS_TOKEN_ALGORITHM } from '@app/auth-contract';
import { type KeyCipher } from '@app/sealing';
import { type KeySource, type SigningKey } from '../tokens/access-tokens.js';

export interface StoredSigningKey {
  kid: string;
  publicJwk: Record<string, string>;
  privateKeySealed: string;
  createdAt: Date;
  retiredAt: Date | null;
}

export interface SigningKeyLoader {
  /** Every key that may still verify a live token, newest first. */
  listVerifiable(): Promise<StoredSigningKey[]>;
}

export interface PublicJwk extends Record<string, string> {
  kid: string;
  alg: string;
  use: string;
}

interface Snapshot {
  active?: SigningKey;
  publicKeys: Map<string, KeyObject>;
  jwks: PublicJwk[];
  loadedAt: number;
}

export class NoSigningKeyError extends Error {
  constructor() {
    super('no active signing key: run migrations and start the service once, or rotate-keys');
  }
}

// A token from an unknown kid triggers a reload (another replica may have rotated), at most this often.
const UNKNOWN_KID_RELOAD_MS = 1_000;

/**
 * Each replica's view of the signing keys in the database, reloaded every `refreshMs` so a
 * rotation reaches every replica. A failed reload keeps the last good view (the database may
 * be failing over) and is retried on the next call.
 */
export class KeyRing implements KeySource {
  private snapshot?: Snapshot;
  private loading?: Promise<Snapshot>;

  constructor(
    private readonly loader: SigningKeyLoader,
    private readonly cipher: KeyCipher,
    private readonly refreshMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async signingKey(): Promise<SigningKey> {
    const snapshot = await this.fresh();
    if (!snapshot.active) throw new NoSigningKeyError();
    return snapshot.active;
  }

  async verificationKey(kid: string): Promise<KeyObject | undefined> {
    let snapshot = await this.fresh();
    if (!snapshot.publicKeys.has(kid) && this.now() - snapshot.loadedAt >= UNKNOWN_KID_RELOAD_MS) {
      snapshot = await this.reload();
    }
    return snapshot.publicKeys.get(kid);
  }

  async jwks(): Promise<{ keys: PublicJwk[] }> {
    return { keys: (await this.fresh()).jwks };
  }

  /** Forces the next call to read the database (after a rotation in this process). */
  invalidate(): void {
    if (this.snapshot) this.snapshot = { ...this.snapshot, loadedAt: 0 };
  }

  private async fresh(): Promise<Snapshot> {
    if (this.snapshot && this.now() - this.snapshot.loadedAt < this.refreshMs) return this.snapshot;
    try {
      return await this.reload();
    } catch (err) {
      if (!this.snapshot) throw err;
      return this.snapshot;
    }
  }

  private reload(): Promise<Snapshot> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<Snapshot> {
    const rows = await this.loader.listVerifiable();
    const activeRow = rows.find((row) => row.retiredAt === null);
    const snapshot: Snapshot = {
      publicKeys: new Map(
        rows.map((row) => [row.kid, createPublicKey({ key: row.publicJwk, format: 'jwk' })]),
      ),
      jwks: rows.map((row) => ({ ...row.publicJwk, kid: row.kid, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' })),
      loadedAt: this.now(),
      active: activeRow && {
        kid: activeRow.kid,
        privateKey: createPrivateKey({
          key: this.cipher.decrypt(activeRow.privateKeySealed, activeRow.kid),
          format: 'der',
          type: 'pkcs8',
        }),
      },
    };
    this.snapshot = snapshot;
    return snapshot;
  }
}
