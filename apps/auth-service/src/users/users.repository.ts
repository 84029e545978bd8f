import { type Database, hydrate, isUniqueViolation } from '@app/database';
import { EmailTakenError } from './users.errors.js';
import { UserEntity } from './user.entity.js';
import { type UserRecord, type UsersStore } from './users.store.js';

export class UsersRepository implements UsersStore {
  constructor(private readonly db: Database) {}

  async insert(email: string, passwordHash: string): Promise<UserRecord> {
    try {
      const repo = this.db.writer.getRepository(UserEntity);
      return await repo.save(repo.create({ email, passwordHash }));
    } catch (err) {
      if (isUniqueViolation(err)) throw new EmailTakenError('An account with this email already exists.');
      throw err;
    }
  }

  // Every login's first statement: fixed SQL, not a query built from metadata per call (ADR 0006).
  findByEmail(email: string): Promise<UserRecord | null> {
    return this.db.read(
      async (em) => {
        const rows = (await em.query('SELECT * FROM users WHERE email = $1', [email])) as object[];
        return hydrate(em, UserEntity, rows)[0] ?? null;
      },
      { from: 'primary' },
    );
  }

  /** Replica first; a miss is retried on the primary, since the account may be seconds old. */
  async findById(id: string): Promise<UserRecord | null> {
    const find = (from: 'replica' | 'primary') =>
      this.db.read((em) => em.getRepository(UserEntity).findOneBy({ id }), { from });
    return (await find('replica')) ?? find('primary');
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.db.writer.getRepository(UserEntity).update({ id }, { passwordHash });
  }
}
