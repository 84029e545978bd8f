import { type Database } from '@app/database';
import { type EntityManager } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import {
  type LockedRefreshTokens,
  type NewRefreshToken,
  type RefreshTokenRow,
  type RefreshTokenStore,
  type Replacement,
} from './refresh-token.store.js';

export class RefreshTokensRepository implements RefreshTokenStore {
  constructor(private readonly db: Database) {}

  // Every login's write: fixed SQL, and nothing RETURNING that no caller reads (ADR 0006).
  async insert(token: NewRefreshToken): Promise<void> {
    await this.db.writePrepared(
      'INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)',
      [token.familyId, token.userId, token.tokenHash, token.expiresAt],
    );
  }

  // The UPDATE takes the row lock, so a twin request on another replica waits, re-reads the row,
  // finds it used and inserts nothing: exactly one of them rotates. Every refresh runs it: prepared.
  async rotateIfUsable(
    presentedHash: string,
    replacement: Replacement,
    now: Date,
  ): Promise<{ familyId: string; userId: string } | undefined> {
    const rows = await this.db.writePrepared<{ family_id: string; user_id: string }>(
      `WITH used AS (
         UPDATE refresh_tokens SET used_at = now()
         WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2
         RETURNING family_id, user_id)
       INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at)
       SELECT family_id, user_id, $3, $4 FROM used
       RETURNING family_id, user_id`,
      [presentedHash, now, replacement.tokenHash, replacement.expiresAt],
    );
    const [row] = rows;
    return row && { familyId: row.family_id, userId: row.user_id };
  }

  /** `SELECT … FOR UPDATE`: a second replica presented the same token waits, then sees it used. */
  withLockedToken<T>(
    tokenHash: string,
    work: (row: RefreshTokenRow | null, tx: LockedRefreshTokens) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (em) => {
      const row = await em
        .getRepository(RefreshTokenEntity)
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.token_hash = :tokenHash', { tokenHash })
        .getOne();
      return work(row, {
        markUsed: async (id) => {
          await em.getRepository(RefreshTokenEntity).update({ id }, { usedAt: () => 'now()' });
        },
        insert: (token) => insertWith(em, token),
        revokeFamily: (familyId) => revokeFamilyWith(em, familyId),
      });
    });
  }

  revokeFamily(familyId: string): Promise<void> {
    return revokeFamilyWith(this.db.writer, familyId);
  }

  findByHash(tokenHash: string): Promise<RefreshTokenRow | null> {
    return this.db.read((em) => em.getRepository(RefreshTokenEntity).findOneBy({ tokenHash }), {
      from: 'primary',
    });
  }
}

async function insertWith(em: EntityManager, token: NewRefreshToken): Promise<void> {
  await em.getRepository(RefreshTokenEntity).insert(token);
}

async function revokeFamilyWith(em: EntityManager, familyId: string): Promise<void> {
  await em.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [
    familyId,
  ]);
}
