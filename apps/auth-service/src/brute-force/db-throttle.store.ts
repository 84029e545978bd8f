import { type Database } from '@app/database';
import { type ThrottleState, type ThrottleStore } from './throttle-store.js';

/** Brute-force state in the database: the fallback while Redis is unreachable. */
export class DbThrottleStore implements ThrottleStore {
  constructor(private readonly db: Database) {}

  async inspect(keys: string[], forgivable: string): Promise<ThrottleState> {
    // reset() deletes the row, so any row of `forgivable` is something a success would reset.
    const [row]: { ms: string | null; forgivable: boolean | null }[] = await this.db.read(
      (em) =>
        em.query(
          `SELECT max(extract(epoch FROM (locked_until - now())) * 1000) FILTER (WHERE locked_until > now()) AS ms,
                  bool_or(key = $2) AS forgivable
             FROM login_throttles WHERE key = ANY($1) OR key = $2`,
          [keys, forgivable],
        ),
      { from: 'primary' },
    );
    return { lockedForMs: row?.ms ? Math.ceil(Number(row.ms)) : 0, hasFailures: row?.forgivable === true };
  }

  async recordFailure(key: string, resetSeconds: number): Promise<number> {
    const [row]: { failures: number }[] = await this.db.writer.query(
      `INSERT INTO login_throttles (key, failures, reset_at) VALUES ($1, 1, now() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN login_throttles.reset_at <= now() THEN 1 ELSE login_throttles.failures + 1 END,
         reset_at = EXCLUDED.reset_at
       RETURNING failures`,
      [key, resetSeconds],
    );
    return Number(row!.failures);
  }

  async lock(key: string, seconds: number): Promise<void> {
    await this.db.writer.query(
      `UPDATE login_throttles SET locked_until = greatest(coalesce(locked_until, now()), now() + make_interval(secs => $2)) WHERE key = $1`,
      [key, seconds],
    );
  }

  async reset(key: string): Promise<void> {
    await this.db.writer.query('DELETE FROM login_throttles WHERE key = $1', [key]);
  }
}
