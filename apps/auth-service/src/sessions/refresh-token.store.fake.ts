import { randomUUID } from 'node:crypto';
import {
  type LockedRefreshTokens,
  type NewRefreshToken,
  type RefreshTokenRow,
  type RefreshTokenStore,
} from './refresh-token.store.js';

export class FakeRefreshTokenStore implements RefreshTokenStore, LockedRefreshTokens {
  readonly rows = new Map<string, RefreshTokenRow & { tokenHash: string }>();

  async insert(token: NewRefreshToken): Promise<void> {
    this.rows.set(token.tokenHash, { ...token, id: randomUUID(), usedAt: null, revokedAt: null });
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
