import { metrics } from '@app/observability';
import { Counter } from 'prom-client';

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
};
