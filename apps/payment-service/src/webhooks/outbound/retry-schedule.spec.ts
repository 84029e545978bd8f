import { describe, expect, it } from '@jest/globals';

import { nextRetryDelayMs, RETRY_JITTER, SVIX_SCHEDULE_SECONDS } from './retry-schedule.js';

const schedule = SVIX_SCHEDULE_SECONDS.map((s) => s * 1_000);

describe(nextRetryDelayMs.name, () => {
  it('follows the Svix schedule: 5 s after the first failure, 5 min after the second, 10 h at the end', () => {
    const middle = () => 0.5;
    expect(nextRetryDelayMs(1, schedule, middle)).toBe(5_000);
    expect(nextRetryDelayMs(2, schedule, middle)).toBe(300_000);
    expect(nextRetryDelayMs(3, schedule, middle)).toBe(1_800_000);
    expect(nextRetryDelayMs(7, schedule, middle)).toBe(36_000_000);
  });

  it('is exhausted after as many attempts as the schedule has entries', () => {
    expect(schedule).toHaveLength(8);
    expect(nextRetryDelayMs(8, schedule, () => 0.5)).toBeUndefined();
    expect(nextRetryDelayMs(9, schedule, () => 0.5)).toBeUndefined();
  });

  it('spreads each delay by the jitter both ways', () => {
    expect(nextRetryDelayMs(1, schedule, () => 0)).toBe(5_000 * (1 - RETRY_JITTER));
    expect(nextRetryDelayMs(1, schedule, () => 1)).toBe(5_000 * (1 + RETRY_JITTER));
  });

  it('sums to about 27.5 hours over the whole default schedule', () => {
    const total = schedule.reduce((sum, ms) => sum + ms, 0);
    expect(total / 3_600_000).toBeCloseTo(27.58, 1);
  });
});
