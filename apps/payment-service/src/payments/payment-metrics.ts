import { metrics } from '@app/observability';
import { Counter } from 'prom-client';

/** Status changes of payments as written (processing → succeeded | failed, refunds); counted after their transaction commits. */
export const paymentOutcomes = new Counter<'status'>({
  name: 'payment_outcomes_total',
  help: 'Payment status changes written, by the new status (succeeded, failed, refunded, partially_refunded, ...)',
  labelNames: ['status'],
  registers: [metrics.registry],
});
