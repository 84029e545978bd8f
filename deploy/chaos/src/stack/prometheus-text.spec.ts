import { describe, expect, it } from '@jest/globals';

import { metricSum } from './prometheus-text.js';

const text = `# HELP circuit_breaker_events_total Breaker events
# TYPE circuit_breaker_events_total counter
circuit_breaker_events_total{breaker="psp.charge",event="open"} 2
circuit_breaker_events_total{breaker="psp.charge",event="reject"} 40
circuit_breaker_events_total{breaker="psp.refund",event="open"} 1
circuit_breaker_state{breaker="psp.charge"} 0.5
`;

describe(metricSum.name, () => {
  it('sums the samples whose labels match', () => {
    expect(metricSum(text, 'circuit_breaker_events_total', { breaker: 'psp.charge', event: 'open' })).toBe(2);
    expect(metricSum(text, 'circuit_breaker_events_total', { event: 'open' })).toBe(3);
  });

  it('reads gauges with fractional values', () => {
    expect(metricSum(text, 'circuit_breaker_state', { breaker: 'psp.charge' })).toBe(0.5);
  });

  it('is 0 for a series not exported yet', () => {
    expect(metricSum(text, 'circuit_breaker_events_total', { breaker: 'psp.status', event: 'open' })).toBe(0);
  });
});
