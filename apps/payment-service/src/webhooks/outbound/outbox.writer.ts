import { currentTraceparent } from '@app/tracing';
import { type EntityManager } from 'typeorm';

import { type PaymentEntity } from '../../payments/payment.entity.js';
import { toPaymentBody } from '../../payments/payment.presenter.js';
import { type RefundEntity } from '../../refunds/refund.entity.js';
import { toRefundBody } from '../../refunds/refund.presenter.js';
import { execute } from '../../shared/sql.js';
import { uuidV7 } from '../../shared/uuid-v7.js';
import { type WebhookEventType } from './webhook-event-types.js';

/**
 * The transactional outbox: called with the transaction that changed the resource, it stores the
 * event (the exact body every delivery sends) and one pending delivery per matching enabled
 * endpoint of the owner. Commits with the change or not at all; the relay does the rest.
 */
export async function recordWebhookEvent(
  em: EntityManager,
  event: { userId: string; type: WebhookEventType; resourceId: string; data: object },
): Promise<string> {
  // `webhook-id`: stable across retries and replays; Standard Webhooks forbids '.' in it.
  const id = `msg_${uuidV7().replaceAll('-', '')}`;
  const body = JSON.stringify({
    id,
    type: event.type,
    timestamp: new Date().toISOString(),
    data: event.data,
  });
  // One statement for the event and its deliveries: a round trip fewer on every status change.
  await execute(
    em,
    `WITH event AS (
       INSERT INTO webhook_events (id, user_id, type, resource_id, body, traceparent)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id)
     INSERT INTO webhook_deliveries (id, event_id, endpoint_id)
     SELECT gen_random_uuid(), event.id, e.id FROM event, webhook_endpoints e
     WHERE e.user_id = $2 AND e.disabled_at IS NULL AND (cardinality(e.events) = 0 OR $3 = ANY (e.events))`,
    // The deliveries continue the trace of the request that changed the resource (ADR 0009).
    [id, event.userId, event.type, event.resourceId, body, currentTraceparent() ?? null],
  );
  return id;
}

/** Outbox event for a payment whose status just changed (call in the changing transaction). */
export function recordPaymentEvent(em: EntityManager, payment: PaymentEntity): Promise<string> {
  const type: WebhookEventType = `payment.${payment.status as Exclude<PaymentEntity['status'], 'processing'>}`;
  return recordWebhookEvent(em, {
    userId: payment.userId,
    type,
    resourceId: payment.id,
    data: toPaymentBody(payment),
  });
}

/** Outbox event for a refund whose status just changed (call in the changing transaction). */
export function recordRefundEvent(em: EntityManager, refund: RefundEntity): Promise<string> {
  const type: WebhookEventType = `refund.${refund.status as Exclude<RefundEntity['status'], 'pending'>}`;
  return recordWebhookEvent(em, {
    userId: refund.userId,
    type,
    resourceId: refund.id,
    data: toRefundBody(refund),
  });
}
