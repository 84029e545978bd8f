import { currentTraceparent } from '@app/tracing';
import { type EntityManager } from 'typeorm';

import { type PaymentEntity } from '../../payments/payment.entity.js';
import { toPaymentBody } from '../../payments/payment.presenter.js';
import { type RefundEntity } from '../../refunds/refund.entity.js';
import { toRefundBody } from '../../refunds/refund.presenter.js';
import { execute, SqlParams } from '../../shared/sql.js';
import { uuidV7 } from '../../shared/uuid-v7.js';
import { type WebhookEventType } from './webhook-event-types.js';

type OutboxEvent = { userId: string; type: WebhookEventType; resourceId: string; data: object };

/**
 * The transactional outbox: called with the transaction that changed the resource, it stores the
 * event (the exact body every delivery sends) and one pending delivery per matching enabled
 * endpoint of the owner. Commits with the change or not at all; the relay does the rest.
 */
export async function recordWebhookEvent(em: EntityManager, event: OutboxEvent): Promise<string> {
  const params = new SqlParams(1);
  const { id, ctes } = outboxCtes(event, params, '(VALUES (1)) AS always');
  // One statement for the event and its deliveries: a round trip fewer on every status change.
  await execute(em, `WITH ${ctes} SELECT 1`, params.values);
  return id;
}

/**
 * The same writes as CTEs `event` and `deliveries` of a bigger statement, made only if `source`
 * (a CTE or table expression of that statement) has a row: the change and its event commit together.
 */
export function outboxCtes(event: OutboxEvent, params: SqlParams, source: string): { id: string; ctes: string } {
  // `webhook-id`: stable across retries and replays; Standard Webhooks forbids '.' in it.
  const id = `msg_${uuidV7().replaceAll('-', '')}`;
  const body = JSON.stringify({ id, type: event.type, timestamp: new Date().toISOString(), data: event.data });
  const userId = params.add(event.userId);
  const type = params.add(event.type);
  // The deliveries continue the trace of the request that changed the resource (ADR 0009).
  const ctes = `event AS (
       INSERT INTO webhook_events (id, user_id, type, resource_id, body, traceparent)
       SELECT ${params.add(id)}::text, ${userId}::text, ${type}::text, ${params.add(event.resourceId)}::uuid,
         ${params.add(body)}::text, ${params.add(currentTraceparent() ?? null)}::text
       FROM ${source}
       RETURNING id),
     deliveries AS (
       INSERT INTO webhook_deliveries (id, event_id, endpoint_id)
       SELECT gen_random_uuid(), event.id, e.id FROM event, webhook_endpoints e
       WHERE e.user_id = ${userId}::text AND e.disabled_at IS NULL
         AND (cardinality(e.events) = 0 OR ${type}::text = ANY (e.events))
       RETURNING 1)`;
  return { id, ctes };
}

/** The outbox event a payment status change writes: its type and body (the payment as the API shows it). */
export function paymentEvent(payment: PaymentEntity): OutboxEvent {
  const type: WebhookEventType = `payment.${payment.status as Exclude<PaymentEntity['status'], 'processing'>}`;
  return { userId: payment.userId, type, resourceId: payment.id, data: toPaymentBody(payment) };
}

/** Outbox event for a payment whose status just changed (call in the changing transaction). */
export function recordPaymentEvent(em: EntityManager, payment: PaymentEntity): Promise<string> {
  return recordWebhookEvent(em, paymentEvent(payment));
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
