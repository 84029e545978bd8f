import { type Database } from '@app/database';
import { type RevokedTokenStore } from './revocation.store.js';

export class RevokedTokensRepository implements RevokedTokenStore {
  constructor(private readonly db: Database) {}

  async insert(jti: string, expiresAt: Date): Promise<void> {
    await this.db.writer.query(
      'INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING',
      [jti, expiresAt],
    );
  }

  /** Primary: a revocation must be seen by the very next request, whichever replica serves it. */
  async isRevoked(jti: string): Promise<boolean> {
    const rows = await this.db.read((em) => em.query('SELECT 1 FROM revoked_tokens WHERE jti = $1', [jti]), {
      from: 'primary',
    });
    return (rows as unknown[]).length > 0;
  }

  async listLive(): Promise<{ jti: string; expiresAt: Date }[]> {
    const rows: { jti: string; expires_at: Date }[] = await this.db.read(
      (em) => em.query('SELECT jti, expires_at FROM revoked_tokens WHERE expires_at > now()'),
      { from: 'primary' },
    );
    return rows.map((row) => ({ jti: row.jti, expiresAt: row.expires_at }));
  }
}
