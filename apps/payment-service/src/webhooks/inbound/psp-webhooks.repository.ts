import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { RefundEntity } from '../../refunds/refund.entity.js';
import { execute } from '../../shared/sql.js';

export type InboundOutcome = 'applied' | 'ignored';

/** psp_webhook_events: one row per provider event id ever taken; the primary key is the dedupe. */
@Injectable()
export class PspWebhooksRepository {
  /**
   * False when the event was already taken. A concurrent insert of the same id waits here until
   * the first transaction ends, so only one delivery of an event ever gets past this line.
   */
  async claimEvent(em: EntityManager, eventId: string, type: string, payload: object): Promise<boolean> {
    const { count } = await execute(
      em,
      `INSERT INTO psp_webhook_events (event_id, type, outcome, payload) VALUES ($1, $2, 'applied', $3)
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [eventId, type, JSON.stringify(payload)],
    );
    return count === 1;
  }

  /**
   * The usual delivery, one statement and no transaction: takes the event as ignored if `settledSql`
   * (reading `$4`, `$5`) finds its payment already settled. False when it did not (payment still
   * processing or unknown, or the event is a duplicate): then the transactional path decides.
   */
  async claimIgnoredIfSettled(
    em: EntityManager,
    event: { id: string; type: string; paymentId: string },
    payload: object,
    settled: { sql: string; statuses: readonly string[] },
  ): Promise<string | undefined> {
    const { rows } = await execute<{ reason: string }>(
      em,
      `WITH settled AS (${settled.sql})
       INSERT INTO psp_webhook_events (event_id, type, outcome, reason, payload)
       SELECT $1, $2, 'ignored', 'payment-already-' || settled.status, $3 FROM settled
       ON CONFLICT (event_id) DO NOTHING RETURNING reason`,
      [event.id, event.type, JSON.stringify(payload), event.paymentId, settled.statuses],
    );
    return rows[0]?.reason;
  }

  async markIgnored(em: EntityManager, eventId: string, reason: string): Promise<void> {
    await execute(em, `UPDATE psp_webhook_events SET outcome = 'ignored', reason = $2 WHERE event_id = $1`, [
      eventId,
      reason,
    ]);
  }

  findRefund(em: EntityManager, id: string): Promise<RefundEntity | null> {
    return em.getRepository(RefundEntity).findOneBy({ id });
  }

  lockRefund(em: EntityManager, id: string): Promise<RefundEntity | null> {
    return em.getRepository(RefundEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async deleteOlderThan(em: EntityManager, retentionSeconds: number, limit: number): Promise<number> {
    const { count } = await execute(
      em,
      `DELETE FROM psp_webhook_events WHERE event_id IN (
         SELECT event_id FROM psp_webhook_events WHERE received_at < now() - make_interval(secs => $1) LIMIT $2)`,
      [retentionSeconds, limit],
    );
    return count;
  }
}
