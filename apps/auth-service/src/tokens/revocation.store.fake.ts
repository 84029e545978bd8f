import { type RevocationCache, type RevokedTokenStore } from './revocation.store.js';

export class FakeRevokedTokenStore implements RevokedTokenStore {
  readonly rows = new Map<string, Date>();

  async insert(jti: string, expiresAt: Date): Promise<void> {
    this.rows.set(jti, expiresAt);
  }
  async isRevoked(jti: string): Promise<boolean> {
    return this.rows.has(jti);
  }
  async listLive(): Promise<{ jti: string; expiresAt: Date }[]> {
    return [...this.rows].map(([jti, expiresAt]) => ({ jti, expiresAt }));
  }
}

/** A Redis stand-in that can be switched off like a dead server. */
export class FakeRevocationCache implements RevocationCache {
  readonly entries = new Map<string, number>();
  readonly published: string[] = [];
  down = false;

  async add(jti: string, ttlSeconds: number): Promise<void> {
    this.assertUp();
    this.entries.set(jti, ttlSeconds);
  }
  async has(jti: string): Promise<boolean | undefined> {
    return this.down ? undefined : this.entries.has(jti);
  }
  async publish(message: string): Promise<void> {
    this.assertUp();
    this.published.push(message);
  }
  private assertUp(): void {
    if (this.down) throw new Error('redis down');
  }
}
