import { describe, expect, it } from '@jest/globals';
import { lockoutSeconds, retryAfterSeconds, throttleKey } from './brute-force.policy.js';

const policy = { maxFailures: 5, waitIncrementSeconds: 60, maxWaitSeconds: 900, resetSeconds: 43_200 };

describe(lockoutSeconds.name, () => {
  it('does not lock before the failure threshold', () => {
    expect([1, 2, 3, 4].map((n) => lockoutSeconds(n, policy))).toEqual([0, 0, 0, 0]);
  });

  it('locks at the threshold and adds one increment per further failure', () => {
    expect([5, 6, 7].map((n) => lockoutSeconds(n, policy))).toEqual([60, 120, 180]);
  });

  it('never locks longer than the maximum wait', () => {
    expect(lockoutSeconds(100, policy)).toBe(900);
  });
});

describe(retryAfterSeconds.name, () => {
  it('rounds up to whole seconds and never answers zero', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(1);
  });
});

describe(throttleKey.name, () => {
  it('keeps accounts and addresses apart', () => {
    expect(throttleKey('account', 'a@b.c')).not.toBe(throttleKey('ip', 'a@b.c'));
  });
});
