import { type CheckResults } from '../checks/consistency-checks.js';
import { type AttemptRecord } from '../load/request-record.js';
import { type ScenarioResult } from '../report/run-result.js';
import { measure } from '../scenarios/measurements.js';

/** Builders for unit tests of the pure parts (no stack, no database). */
export function anAttempt(overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  const status = overrides.status ?? 201;
  const ok = overrides.ok ?? (status >= 200 && status < 300);
  return { op: 'pay', opId: 1, attempt: 1, sentMs: 0, latencyMs: 10, status, ok, final: true, src: '127.0.0.2', ...overrides };
}

export function cleanChecks(overrides: Partial<CheckResults> = {}): CheckResults {
  return {
    ackedPayments: 10, ackedRefunds: 2, lostPayments: [], alteredPayments: [], lostRefunds: [],
    duplicatePaymentKeys: 0, duplicateRefundKeys: 0, clientDuplicateKeys: 0, overRefunded: [], processingLeft: 0,
    provider: { doubleCharged: [], succeededWithoutCharge: [], chargedButFailed: [], chargesWithoutPayment: [], providerCharges: 9, chargedPayments: 9 },
    outbox: { paymentsWithoutEvent: [], refundsWithoutEvent: [] },
    deliveries: { byStatus: { delivered: 14 }, eventsWithoutDelivery: [], deliveredNotReceived: [], redelivered: 0, badSignatures: 0 },
    ...overrides,
  };
}

/** Writes every 100 ms for 20 s; a fault at 10 s. */
export function aScenarioResult(overrides: Partial<ScenarioResult> = {}): ScenarioResult {
  const records = Array.from({ length: 200 }, (_, i) => anAttempt({ opId: i, sentMs: i * 100 }));
  return {
    name: 'instance-loss', title: 'Instance loss', fault: 'SIGKILL one auth and one payment instance', passWhen: '0 failed requests',
    ci: true, outcome: 'pass', startedAt: '2026-11-22T03:00:00.000Z', users: 12,
    measurements: measure(records, 10_000, 10_000, 20_000), checks: cleanChecks(), facts: { 'auth-1 rejoined': true },
    criteria: [{ name: '0 failed requests (after client retries)', pass: true, detail: '0 of 200 failed' }],
    ...overrides,
  };
}
