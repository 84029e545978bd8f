import { describe, expect, it } from '@jest/globals';

import { backoffMs, DEFAULT_RETRY_POLICY, retryAfterMs, retryDecision } from './retry-policy.js';

const policy = DEFAULT_RETRY_POLICY;
const half = (): number => 0.5;

describe(retryDecision.name, () => {
  it('waits at least what Retry-After says on a 503, spread so refused clients do not return together', () => {
    expect(retryDecision({ status: 503, retryAfter: '2' }, 1, 0, policy, () => 0)).toEqual({ retry: true, delayMs: 2_000 });
    expect(retryDecision({ status: 503, retryAfter: '2' }, 1, 0, policy, half)).toEqual({ retry: true, delayMs: 2_500 });
    expect(retryDecision({ status: 503, retryAfter: '2' }, 1, 0, policy, () => 1)).toEqual({ retry: true, delayMs: 3_000 });
  });

  it('retries a dropped connection with jittered backoff', () => {
    expect(retryDecision({ status: 0 }, 3, 0, policy, half)).toEqual({ retry: true, delayMs: 400 });
  });

  it('retries a 409 only when the first request with the key is still in flight', () => {
    const inFlight = { status: 409, retryAfter: '1', problemType: 'urn:problem-type:idempotency-key-in-flight' };
    expect(retryDecision(inFlight, 1, 0, policy, half)).toMatchObject({ retry: true });
    const exceeds = { status: 409, problemType: 'urn:problem-type:refund-exceeds-captured' };
    expect(retryDecision(exceeds, 1, 0, policy, half)).toMatchObject({ retry: false });
  });

  it('never retries a 500: the API promises none, so one is a failure to report', () => {
    expect(retryDecision({ status: 500 }, 1, 0, policy, half)).toMatchObject({ retry: false });
  });

  it('stops after the attempt budget', () => {
    expect(retryDecision({ status: 503 }, policy.maxAttempts, 0, policy, half)).toMatchObject({ retry: false });
  });

  it('stops when the next wait would pass the time budget', () => {
    expect(retryDecision({ status: 503, retryAfter: '5' }, 1, policy.maxElapsedMs - 1_000, policy, half)).toMatchObject({ retry: false });
  });
});

describe(retryAfterMs.name, () => {
  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:03 GMT', policy, now)).toBe(3_000);
  });

  it('caps a long Retry-After so a run stays bounded', () => {
    expect(retryAfterMs('120', policy)).toBe(policy.maxRetryAfterMs);
  });

  it('ignores an unreadable value', () => {
    expect(retryAfterMs('soon', policy)).toBeUndefined();
  });
});

describe(backoffMs.name, () => {
  it('never waits less than 50 ms nor more than the cap', () => {
    expect(backoffMs(1, policy, () => 0)).toBe(50);
    expect(backoffMs(20, policy, () => 1)).toBe(policy.maxDelayMs);
  });
});
