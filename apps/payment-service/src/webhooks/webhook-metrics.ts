import { metrics } from '@app/observability';
import { Counter, Histogram } from 'prom-client';

// On the shared registry, so GET /metrics shows them. Labels are small fixed sets (no endpoint ids).
export const webhookMetrics = {
  inbound: new Counter<'result'>({
    name: 'webhook_inbound_total',
    help: 'Inbound provider webhooks by result (applied, ignored, duplicate, unknown_type, unsigned, bad_signature, ...)',
    labelNames: ['result'],
    registers: [metrics.registry],
  }),
  deliveries: new Counter<'result'>({
    name: 'webhook_delivery_attempts_total',
    help: 'Outbound webhook delivery attempts by result (delivered, failed, gone, deferred, dead)',
    labelNames: ['result'],
    registers: [metrics.registry],
  }),
  deliveryLatency: new Histogram({
    name: 'webhook_delivery_latency_seconds',
    help: 'From an outbox event being committed to its merchant acknowledging the delivery (retries included)',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 7200],
    registers: [metrics.registry],
  }),
};

// From 0, so the first dead letter is an increase that alerts (WebhookDeadLetters), not a new series.
webhookMetrics.deliveries.inc({ result: 'dead' }, 0);
