import { randomUUID } from 'node:crypto';
import { EmailTakenError } from './users.errors.js';
import { type UserRecord, type UsersStore } from './users.store.js';

export class FakeUsersStore implements UsersStore {
  readonly rows = new Map<string, UserRecord>();

  async insert(email: string, passwordHash: string): Promise<UserRecord> {
    if ([...this.rows.values()].some((row) => row.email === email)) throw new EmailTakenError();
    const row = { id: randomUUID(), email, passwordHash, createdAt: new Date() };
    this.rows.set(row.id, row);
    return { ...row };
  }
  async findByEmail(email: string): Promise<UserRecord | null> {
    return [...this.rows.values()].find((row) => row.email === email) ?? null;
  }
  async findById(id: string): Promise<UserRecord | null> {
    return this.rows.get(id) ?? null;
  }
  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    const row = this.rows.get(id);
    if (row) row.passwordHash = passwordHash;
  }
}
