import { describe, expect, it } from '@jest/globals';

import { type AttemptRecord } from './request-record.js';
import { buildTimeline, isFailedAttempt, minActiveInWindows } from './timeline.js';

function attempt(sentMs: number, latencyMs: number, status: number): AttemptRecord {
  const ok = status >= 200 && status < 300;
  return { op: 'get_payment', opId: 1, attempt: 1, sentMs, latencyMs, status, ok, final: true, src: '127.0.0.2' };
}

describe(buildTimeline.name, () => {
  it('buckets by completion time, and counts sends where they were sent', () => {
    const sut = buildTimeline([attempt(100, 50, 200), attempt(900, 300, 503), attempt(950, 20, 200)], 3_000);
    expect(sut).toHaveLength(3);
    expect(sut[0]).toMatchObject({ t: 0, attempts: 2, ok: 2, errors: 0, sent: 3 });
    expect(sut[1]).toMatchObject({ t: 1000, attempts: 1, ok: 0, errors: 1, sent: 0, p99Ms: 300 });
    expect(sut[2]).toMatchObject({ attempts: 0, p99Ms: null });
  });

  it('keeps attempts completing after the end in the last bucket', () => {
    const sut = buildTimeline([attempt(1_500, 5_000, 200)], 2_000);
    expect(sut[1].attempts).toBe(1);
  });
});

describe(isFailedAttempt.name, () => {
  it('counts every attempt that did not get its needed answer, whatever the status', () => {
    expect([0, 500, 503, 429, 409, 404].map((s) => isFailedAttempt(attempt(0, 1, s)))).toEqual([true, true, true, true, true, true]);
    expect(isFailedAttempt(attempt(0, 1, 201))).toBe(false);
  });
});

describe(minActiveInWindows.name, () => {
  it('counts a request hanging through a window as load, even if nothing new was sent', () => {
    expect(minActiveInWindows([attempt(100, 2_500, 502)], 0, 3_000, 1_000)).toBe(1);
  });

  it('finds a window with nothing sent and nothing in flight', () => {
    expect(minActiveInWindows([attempt(100, 50, 200), attempt(2_100, 50, 200)], 0, 3_000, 1_000)).toBe(0);
  });

  it('lets a client be quiet for less than the window (a Retry-After wait)', () => {
    const records = [attempt(0, 50, 503), attempt(2_500, 50, 503), attempt(5_000, 50, 200)];
    expect(minActiveInWindows(records, 0, 6_000, 3_000)).toBe(1);
    expect(minActiveInWindows(records, 0, 6_000, 2_000)).toBe(0);
  });
});
