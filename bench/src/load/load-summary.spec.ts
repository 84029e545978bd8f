import { describe, expect, it } from '@jest/globals';
import { type Result } from 'autocannon';

import { failedRequests, summariseLoad } from './load-summary.js';

function aResult(overrides: Partial<Result> = {}): Result {
  return {
    duration: 10,
    errors: 1,
    timeouts: 1,
    non2xx: 5,
    '2xx': 995,
    statusCodeStats: { '200': { count: 995 }, '429': { count: 3 }, '503': { count: 2 } },
    latency: { mean: 3, max: 40, p50: 2, p99: 12 },
    requests: { mean: 100, max: 120, p50: 100, p99: 119, total: 1000, sent: 1001 },
    ...overrides,
  };
}

describe(summariseLoad.name, () => {
  it('counts throughput from 2xx answers only, and keeps every status', () => {
    const sut = summariseLoad(aResult(), { opened: 4, resumed: 3 });
    expect(sut.okPerSecond).toBeCloseTo(99.5);
    expect(sut.responses).toBe(1000);
    expect(sut.statuses).toEqual({ '200': 995, '429': 3, '503': 2 });
    expect(sut.latencyMs).toEqual({ p50: 2, p99: 12, max: 40 });
    expect(sut.connectionsOpened).toBe(4);
    expect(sut.lateSends).toBeUndefined();
  });

  it('records the paced rate and late sends of a half-load run', () => {
    const sut = summariseLoad(aResult(), { opened: 1, resumed: 0 }, { perSecond: 50, late: 2 });
    expect(sut.targetPerSecond).toBe(50);
    expect(sut.lateSends).toBe(2);
  });
});

describe(failedRequests.name, () => {
  it('adds non-2xx answers and requests that got no answer', () => {
    expect(failedRequests(summariseLoad(aResult(), { opened: 1, resumed: 0 }))).toBe(6);
  });
});
