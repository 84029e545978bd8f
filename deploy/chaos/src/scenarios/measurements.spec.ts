import { describe, expect, it } from '@jest/globals';

import { anAttempt } from '../testing/fixtures.js';
import { DEFAULT_RETRY_POLICY } from '../load/retry-policy.js';
import { clientDuplicateKeys, measure, quietWindowMs } from './measurements.js';

describe(measure.name, () => {
  const records = [
    anAttempt({ opId: 1, sentMs: 0 }),
    anAttempt({ opId: 2, sentMs: 1_100, status: 503, retryAfterS: 1, final: false }),
    anAttempt({ opId: 2, attempt: 2, sentMs: 2_200, status: 201 }),
    anAttempt({ opId: 3, op: 'login', sentMs: 1_200, status: 503, final: true }),
    anAttempt({ opId: 4, op: 'get_payment', sentMs: 1_300, status: 500 }),
    anAttempt({ opId: 5, sentMs: 2_500, status: 502 }),
  ];
  const sut = measure(records, 1_000, 2_000, 3_000);

  it('counts operations by their final attempt, so a retried success is not a failure', () => {
    expect(sut.ops.total).toBe(5);
    expect(sut.ops.failed).toBe(3);
    expect(sut.ops.byClass.write).toEqual({ total: 3, failed: 1 });
    expect(sut.failures).toEqual({ 'login:503': 1, 'get_payment:500': 1, 'pay:502': 1 });
  });

  it('counts 500s and unavailable answers that do not say when to retry', () => {
    expect(sut.status500).toBe(1);
    expect(sut.unavailableWithoutRetryAfter).toBe(2);
  });

  it('records how logins were answered during the fault', () => {
    expect(sut.loginStatusesDuringFault).toEqual({ '503': 1 });
    expect(sut.loginDuringFaultWithRetryAfter).toBe(0);
  });
});

describe(quietWindowMs.name, () => {
  const policy = DEFAULT_RETRY_POLICY;

  it('is the longest backoff a client takes on its own when nobody said Retry-After', () => {
    expect(quietWindowMs([anAttempt({ sentMs: 100, status: 0 })], 0, 1_000)).toBe(policy.maxDelayMs);
  });

  it('grows to the longest Retry-After answered inside the window, as the clients apply it', () => {
    const records = [anAttempt({ sentMs: 100, status: 503, retryAfterS: 2 }), anAttempt({ sentMs: 200, status: 503, retryAfterS: 4 })];
    expect(quietWindowMs(records, 0, 1_000)).toBe(4_000 * (1 + policy.retryAfterSpread));
  });

  it('ignores answers outside the window and caps what the clients cap', () => {
    const records = [anAttempt({ sentMs: 5_000, status: 503, retryAfterS: 4 }), anAttempt({ sentMs: 100, status: 503, retryAfterS: 120 })];
    expect(quietWindowMs(records, 0, 1_000)).toBe(policy.maxRetryAfterMs * (1 + policy.retryAfterSpread));
  });
});

describe(clientDuplicateKeys.name, () => {
  it('flags a key answered with two different payment ids', () => {
    const records = [
      anAttempt({ idempotencyKey: 'k1', paymentId: 'p1' }),
      anAttempt({ idempotencyKey: 'k1', paymentId: 'p1', replayed: true }),
      anAttempt({ idempotencyKey: 'k2', paymentId: 'p2' }),
      anAttempt({ idempotencyKey: 'k2', paymentId: 'p3' }),
    ];
    expect(clientDuplicateKeys(records)).toBe(1);
  });
});
