import { type Database } from '@app/database';
import { IsNull, MoreThan } from 'typeorm';
import { type SigningKeyLoader, type StoredSigningKey } from './key-ring.js';
import { SigningKeyEntity } from './signing-key.entity.js';
import { type NewSigningKey } from './signing-key.factory.js';

// Serialises key changes across replicas and the rotate-keys command.
const KEY_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('auth-service.signing_keys'))`;

export class SigningKeysRepository implements SigningKeyLoader {
  constructor(private readonly db: Database) {}

  listVerifiable(): Promise<StoredSigningKey[]> {
    return this.db.read(
      (em) =>
        em.getRepository(SigningKeyEntity).find({
          where: [{ verifyUntil: IsNull() }, { verifyUntil: MoreThan(new Date()) }],
          order: { createdAt: 'DESC' },
        }),
      { from: 'primary' },
    );
  }

  /** Inserts `key` as the active key unless one exists; true when it was inserted. */
  insertIfNoneActive(key: NewSigningKey): Promise<boolean> {
    return this.db.transaction(async (em) => {
      await em.query(KEY_LOCK_SQL);
      const active = await em.getRepository(SigningKeyEntity).countBy({ retiredAt: IsNull() });
      if (active > 0) return false;
      await em.getRepository(SigningKeyEntity).insert({ ...key, retiredAt: null, verifyUntil: null });
      return true;
    });
  }

  /**
   * Retires the active key (it still verifies for `verifySeconds`), makes `key` active and drops
   * keys whose tokens are all expired. Returns the retired kids.
   */
  rotate(key: NewSigningKey, verifySeconds: number): Promise<string[]> {
    return this.db.transaction(async (em) => {
      await em.query(KEY_LOCK_SQL);
      const [retired]: [{ kid: string }[], number] = await em.query(
        `UPDATE signing_keys SET retired_at = now(), verify_until = now() + make_interval(secs => $1)
          WHERE retired_at IS NULL RETURNING kid`,
        [verifySeconds],
      );
      await em.getRepository(SigningKeyEntity).insert({ ...key, retiredAt: null, verifyUntil: null });
      await em.query(`DELETE FROM signing_keys WHERE verify_until < now()`);
      return retired.map((row) => row.kid);
    });
  }
}
