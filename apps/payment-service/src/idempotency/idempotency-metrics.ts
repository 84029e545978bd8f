import { metrics } from '@app/observability';
import { Counter } from 'prom-client';

export type IdempotencyOutcome = 'replayed' | 'conflict' | 'in_flight' | 'taken_over';

/** Requests whose Idempotency-Key was seen before; a new key is counted by the HTTP metrics, not here. */
export const idempotencyOutcomes = new Counter<'outcome'>({
  name: 'payment_idempotency_requests_total',
  help: 'Requests with a known Idempotency-Key: replayed (stored answer), conflict (other body, 422), in_flight (409), taken_over (a stale claim recovered)',
  labelNames: ['outcome'],
  registers: [metrics.registry],
});
for (const outcome of ['replayed', 'conflict', 'in_flight', 'taken_over'] satisfies IdempotencyOutcome[]) idempotencyOutcomes.inc({ outcome }, 0);
