import { loadConfig } from '@app/config';
import { DatabaseEnv } from '@app/database';
import { openAuthDatabase } from '../database/storage.providers.js';

export interface PurgeReport {
  revokedTokens: number;
  refreshTokens: number;
  loginThrottles: number;
}

// Rows that protect nothing any more: revocations of expired tokens, refresh tokens a day past
// expiry (kept a little for reuse forensics), throttles whose window and lock have both ended.
const PURGES = {
  revokedTokens: 'DELETE FROM revoked_tokens WHERE expires_at < now()',
  refreshTokens: `DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'`,
  loginThrottles:
    'DELETE FROM login_throttles WHERE reset_at < now() AND (locked_until IS NULL OR locked_until < now())',
} as const;

/** Housekeeping for a daily timer: `nx run auth-service:purge-expired`. Needs only DB_*. */
export async function purgeExpired(env: NodeJS.ProcessEnv = process.env): Promise<PurgeReport> {
  const db = await openAuthDatabase(loadConfig({ db: DatabaseEnv }, env));
  try {
    const report: Record<string, number> = {};
    for (const [name, sql] of Object.entries(PURGES)) {
      const [, count] = (await db.writer.query(sql)) as [unknown, number];
      report[name] = count;
    }
    return report as unknown as PurgeReport;
  } finally {
    await db.close();
  }
}
