import { type Database } from '@app/database';
import { type EntityManager } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import {
  type LockedRefreshTokens,
  type NewRefreshToken,
  type RefreshTokenRow,
  type RefreshTokenStore,
} from './refresh-token.store.js';

export class RefreshTokensRepository implements RefreshTokenStore {
  constructor(private readonly db: Database) {}

  async insert(token: NewRefreshToken): Promise<void> {
    await insertWith(this.db.writer, token);
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
