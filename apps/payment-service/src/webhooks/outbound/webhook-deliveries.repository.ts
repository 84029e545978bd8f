import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { execute } from '../../shared/sql.js';

/** One delivery claimed by this relay: everything needed to send it, and the lease that fences the result. */
export interface ClaimedDelivery {
  id: string;
  leaseToken: string;
  attempts: number;
  eventId: string;
  /** When the event was committed: delivery latency is measured from it. */
  eventCreatedAt: Date;
  body: string;
  endpointId: string;
  url: string;
  /** As stored: sealed (WebhookSecrets opens it just before signing). */
  secret: string;
  /** Of the request that caused the event; null when it was not traced. */
  traceparent: string | null;
}

interface ClaimedRow {
  id: string;
  lease_token: string;
  attempts: number;
  event_id: string;
  event_created_at: Date;
  body: string;
  endpoint_id: string;
  url: string;
  secret: string;
  traceparent: string | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** What an operator command applies to: one endpoint's deliveries, one delivery, or all. */
export interface OperatorFilter {
  endpointId?: string;
  deliveryId?: string;
}

/** `UPDATE webhook_deliveries <set and where>` narrowed by the operator's filter; the ids changed. */
async function updateMatching(em: EntityManager, setAndWhere: string, filter: OperatorFilter): Promise<string[]> {
  const { rows } = await execute<{ id: string }>(
    em,
    `UPDATE webhook_deliveries ${setAndWhere}
       AND ($1::uuid IS NULL OR endpoint_id = $1) AND ($2::uuid IS NULL OR id = $2)
     RETURNING id`,
    [filter.endpointId ?? null, filter.deliveryId ?? null],
  );
  return rows.map((r) => r.id);
}

/**
 * webhook_deliveries, one row per (event, endpoint). Every statement is its own short
 * transaction: rows are leased (locked_until), never locked across an HTTP call. Results are
 * fenced by the lease token, so a relay whose lease ran out cannot overwrite the next one's.
 */
@Injectable()
export class WebhookDeliveriesRepository {
  /** Leases up to `limit` due deliveries of enabled endpoints; rows other relays hold are skipped. */
  async claimDue(em: EntityManager, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const { rows } = await execute<ClaimedRow>(
      em,
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= now()
           AND (d.locked_until IS NULL OR d.locked_until < now()) AND e.disabled_at IS NULL
         ORDER BY d.next_attempt_at
         LIMIT $1
         FOR UPDATE OF d SKIP LOCKED),
       leased AS (
         UPDATE webhook_deliveries d
         SET locked_until = now() + make_interval(secs => $2), lease_token = gen_random_uuid(), updated_at = now()
         FROM due WHERE d.id = due.id
         RETURNING d.id, d.lease_token, d.attempts, d.event_id, d.endpoint_id)
       SELECT l.id, l.lease_token, l.attempts, l.event_id, ev.created_at AS event_created_at, ev.body, ev.traceparent,
              l.endpoint_id, e.url, e.secret
       FROM leased l JOIN webhook_events ev ON ev.id = l.event_id JOIN webhook_endpoints e ON e.id = l.endpoint_id`,
      [limit, leaseMs / 1_000],
    );
    return rows.map((r) => ({
      id: r.id,
      leaseToken: r.lease_token,
      attempts: r.attempts,
      eventId: r.event_id,
      eventCreatedAt: r.event_created_at,
      body: r.body,
      endpointId: r.endpoint_id,
      url: r.url,
      secret: r.secret,
      traceparent: r.traceparent,
    }));
  }

  async markDelivered(em: EntityManager, d: ClaimedDelivery, httpStatus: number): Promise<boolean> {
    return this.finishAttempt(em, d, { status: 'delivered', httpStatus, error: null, delayMs: 0 });
  }

  /** A failed attempt: retried after `delayMs`, or dead-lettered when the schedule is exhausted (`delayMs` undefined). */
  async markFailed(
    em: EntityManager,
    d: ClaimedDelivery,
    httpStatus: number | null,
    error: string,
    delayMs: number | undefined,
  ): Promise<boolean> {
    const status = delayMs === undefined ? 'dead' : 'pending';
    return this.finishAttempt(em, d, { status, httpStatus, error, delayMs: delayMs ?? 0 });
  }

  /** Not attempted (the endpoint's breaker is open): back in the queue, no attempt used. */
  async defer(em: EntityManager, d: ClaimedDelivery, delayMs: number): Promise<boolean> {
    const { count } = await execute(
      em,
      `UPDATE webhook_deliveries SET next_attempt_at = now() + make_interval(secs => $3),
         locked_until = NULL, lease_token = NULL, updated_at = now()
       WHERE id = $1 AND lease_token = $2`,
      [d.id, d.leaseToken, delayMs / 1_000],
    );
    return count === 1;
  }

  /** 410 Gone: the merchant retired the endpoint. It is disabled and this delivery dead-lettered. */
  async disableEndpoint(em: EntityManager, d: ClaimedDelivery, reason: string): Promise<boolean> {
    await execute(
      em,
      `UPDATE webhook_endpoints SET disabled_at = now(), disabled_reason = $2 WHERE id = $1 AND disabled_at IS NULL`,
      [d.endpointId, reason],
    );
    return this.finishAttempt(em, d, { status: 'dead', httpStatus: 410, error: reason, delayMs: 0 });
  }

  /**
   * Operator replay: dead deliveries back to pending with a fresh schedule (same event, so the same
   * `webhook-id`). Optionally only one endpoint's or one delivery's. Returns the ids replayed.
   */
  replayDead(em: EntityManager, filter: OperatorFilter = {}): Promise<string[]> {
    return updateMatching(
      em,
      `SET status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = NULL, lease_token = NULL, updated_at = now()
       WHERE status = 'dead'`,
      filter,
    );
  }

  /**
   * Operator "the endpoint is back": pending deliveries waiting for a later scheduled retry are
   * due now (attempts kept, so a still-failing endpoint resumes its schedule where it was).
   */
  retryPendingNow(em: EntityManager, filter: OperatorFilter = {}): Promise<string[]> {
    return updateMatching(
      em,
      `SET next_attempt_at = now(), updated_at = now() WHERE status = 'pending' AND next_attempt_at > now()`,
      filter,
    );
  }

  /** Outbox events older than the retention whose deliveries all succeeded (or that had none). */
  async deleteSettledEventsOlderThan(
    em: EntityManager,
    retentionSeconds: number,
    limit: number,
  ): Promise<number> {
    const { count } = await execute(
      em,
      `DELETE FROM webhook_events WHERE id IN (
         SELECT ev.id FROM webhook_events ev
         WHERE ev.created_at < now() - make_interval(secs => $1)
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = ev.id AND d.status <> 'delivered')
         LIMIT $2)`,
      [retentionSeconds, limit],
    );
    return count;
  }

  private async finishAttempt(
    em: EntityManager,
    d: ClaimedDelivery,
    result: { status: DeliveryStatus; httpStatus: number | null; error: string | null; delayMs: number },
  ): Promise<boolean> {
    const { count } = await execute(
      em,
      `UPDATE webhook_deliveries SET status = $3, attempts = attempts + 1, last_status = $4, last_error = $5,
         next_attempt_at = now() + make_interval(secs => $6),
         delivered_at = CASE WHEN $3 = 'delivered' THEN now() END,
         locked_until = NULL, lease_token = NULL, updated_at = now()
       WHERE id = $1 AND lease_token = $2`,
      [
        d.id,
        d.leaseToken,
        result.status,
        result.httpStatus,
        result.error?.slice(0, 500) ?? null,
        result.delayMs / 1_000,
      ],
    );
    return count === 1;
  }
}
