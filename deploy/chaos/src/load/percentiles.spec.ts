import { describe, expect, it } from '@jest/globals';

import { percentile, summarizeLatencies } from './percentiles.js';

describe(percentile.name, () => {
  it('uses the nearest rank, so p99 of 100 values is the 99th smallest', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 50)).toBe(50);
  });

  it('returns the maximum for p100 and the minimum for p0', () => {
    expect(percentile([5, 1, 9], 100)).toBe(9);
    expect(percentile([5, 1, 9], 0)).toBe(1);
  });

  it('answers undefined for no values rather than inventing a latency', () => {
    expect(percentile([], 99)).toBeUndefined();
  });

  it('refuses a percentile outside 0..100', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe(summarizeLatencies.name, () => {
  it('reports null percentiles for an empty sample', () => {
    expect(summarizeLatencies([])).toEqual({ count: 0, p50: null, p95: null, p99: null, max: null });
  });
});
