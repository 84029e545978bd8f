import { randomUUID } from 'node:crypto';

import { NO_FAULTS, type SimulatorAdmin } from '@app/stack-client';

import { runLoad } from '../load/http-load.js';
import { type LoadSummary } from '../load/load-summary.js';
import { PAYMENT_REQUEST } from '../workloads/fixtures.js';

/**
 * The provider's charge endpoint hit directly, with the body payment-service sends (psp.client.ts)
 * and a fresh idempotency key per charge. Webhooks are held meanwhile and forgotten after: they are
 * the provider's side channel, measured by the webhook workload, not part of the hop.
 */
export async function measureProviderHop(
  sim: SimulatorAdmin,
  connections: number,
  seconds: number,
  warmupSeconds: number,
): Promise<LoadSummary> {
  await sim.reset();
  await sim.setFaults({ ...NO_FAULTS, webhook_hold: true });
  try {
    const plan = {
      target: { protocol: 'http:', host: '127.0.0.1', ports: [sim.port] } as const,
      connections,
      requests: [
        {
          method: 'POST',
          path: '/charges',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req: { headers?: Record<string, string> }) => {
            const id = randomUUID();
            return {
              ...req,
              headers: { ...req.headers, 'idempotency-key': id },
              body: JSON.stringify({ ...PAYMENT_REQUEST, reference: id }),
            };
          },
        },
      ],
    };
    await runLoad({ ...plan, seconds: warmupSeconds });
    return await runLoad({ ...plan, seconds });
  } finally {
    await sim.reset();
  }
}
