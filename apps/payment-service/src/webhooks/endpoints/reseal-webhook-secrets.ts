import { type EntityManager } from 'typeorm';

import { execute } from '../../shared/sql.js';
import { type WebhookSecrets } from './webhook-secrets.js';

export interface ResealResult {
  endpoints: number;
  resealed: number;
}

/**
 * Brings every stored secret under the current KEY_ENCRYPTION_KEY: plaintext rows an older release
 * wrote, and rows sealed under a previous key. Idempotent; one transaction, rows locked, so two
 * runs (both replicas' migrate jobs) never write the same row twice.
 */
export async function resealWebhookSecrets(
  writer: EntityManager,
  secrets: WebhookSecrets,
): Promise<ResealResult> {
  return writer.transaction(async (tx) => {
    const { rows } = await execute<{ id: string; secret: string }>(
      tx,
      `SELECT id, secret FROM webhook_endpoints ORDER BY id FOR UPDATE`,
      [],
    );
    let resealed = 0;
    for (const row of rows) {
      const sealed = secrets.resealed(row.id, row.secret);
      if (sealed === undefined) continue;
      await execute(tx, `UPDATE webhook_endpoints SET secret = $2 WHERE id = $1`, [row.id, sealed]);
      resealed++;
    }
    return { endpoints: rows.length, resealed };
  });
}
