import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { execute } from '../../shared/sql.js';

export interface WebhookEndpointRow {
  id: string;
  user_id: string;
  url: string;
  events: string[];
  /** Sealed (webhook-secrets.ts); a plaintext `whsec_…` only in rows an older release wrote. */
  secret: string;
  disabled_at: Date | null;
  disabled_reason: string | null;
  created_at: Date;
}

// Named, not `*`: the statements are prepared, and a prepared `*` breaks when a column is added.
const COLUMNS = 'id, user_id, url, events, secret, disabled_at, disabled_reason, created_at';

@Injectable()
export class WebhookEndpointsRepository {
  async insert(
    em: EntityManager,
    endpoint: Pick<WebhookEndpointRow, 'id' | 'user_id' | 'url' | 'events' | 'secret'>,
  ): Promise<WebhookEndpointRow> {
    const { rows } = await execute<WebhookEndpointRow>(
      em,
      `INSERT INTO webhook_endpoints (id, user_id, url, events, secret) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [endpoint.id, endpoint.user_id, endpoint.url, endpoint.events, endpoint.secret],
    );
    return rows[0];
  }

  async listOwn(em: EntityManager, userId: string): Promise<WebhookEndpointRow[]> {
    const { rows } = await execute<WebhookEndpointRow>(
      em,
      `SELECT ${COLUMNS} FROM webhook_endpoints WHERE user_id = $1 ORDER BY id DESC`,
      [userId],
    );
    return rows;
  }

  /**
   * Operator: the merchant fixed an endpoint a 410 disabled. Its deliveries pending at that moment
   * are sent again; events while it was disabled were never queued for it.
   */
  async enable(em: EntityManager, id: string): Promise<boolean> {
    const { count } = await execute(
      em,
      `UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL WHERE id = $1 AND disabled_at IS NOT NULL`,
      [id],
    );
    return count === 1;
  }

  /** Its pending and dead deliveries go with it (ON DELETE CASCADE): nobody is left to receive them. */
  async deleteOwn(em: EntityManager, userId: string, id: string): Promise<boolean> {
    const { count } = await execute(em, `DELETE FROM webhook_endpoints WHERE id = $1 AND user_id = $2`, [
      id,
      userId,
    ]);
    return count === 1;
  }
}
