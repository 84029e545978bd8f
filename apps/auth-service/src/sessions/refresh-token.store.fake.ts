import { randomUUID } from 'node:crypto';
import {
  type LockedRefreshTokens,
  type NewRefreshToken,
  type RefreshTokenRow,
  type RefreshTokenStore,
  type Replacement,
} from './refresh-token.store.js';

export class FakeRefreshTokenStore implements RefreshTokenStore, LockedRefreshTokens {
  readonly rows = new Map<string, RefreshTokenRow & { tokenHash: string }>();

  async insert(token: NewRefreshToken): Promise<void> {
    this.rows.set(token.tokenHash, { ...token, id: randomUUID(), usedAt: null, revokedAt: null });
  }
  async rotateIfUsable(presentedHash: string, replacement: Replacement, now: Date) {
    const row = this.rows.get(presentedHash);
    if (!row || row.usedAt || row.revokedAt || row.expiresAt <= now) return undefined;
    row.usedAt = now;
    await this.insert({ ...replacement, familyId: row.familyId, userId: row.userId });
    return { familyId: row.familyId, userId: row.userId };
  }
  async withLockedToken<T>(
    tokenHash: string,
    work: (row: RefreshTokenRow | null, tx: LockedRefreshTokens) => Promise<T>,
  ): Promise<T> {
    const row = this.rows.get(tokenHash);
    return work(row ? { ...row } : null, this);
  }
  async markUsed(id: string): Promise<void> {
    for (const row of this.rows.values()) if (row.id === id) row.usedAt = new Date();
  }
  async revokeFamily(familyId: string): Promise<void> {
    for (const row of this.rows.values()) if (row.familyId === familyId) row.revokedAt ??= new Date();
  }
  async findByHash(tokenHash: string): Promise<RefreshTokenRow | null> {
    return this.rows.get(tokenHash) ?? null;
  }
  family(familyId: string) {
    return [...this.rows.values()].filter((row) => row.familyId === familyId);
  }
}
