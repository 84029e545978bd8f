import { describe, expect, it } from '@jest/globals';

import { type CpuUsage } from '../measure/cpu-accounting.js';
import { aLoad } from '../testing/fixtures.js';
import { flagRun } from './run-flags.js';

const QUIET: CpuUsage = {
  wallSeconds: 10,
  groups: { nginx: 1, services: 5, postgres: 2, redis: 0.2, haproxy: 0.3 },
  benchClient: 4,
  other: 0.5,
};

describe(flagRun.name, () => {
  it('raises nothing for a clean run on a quiet machine', () => {
    expect(
      flagRun({
        saturation: aLoad({ okPerSecond: 100 }),
        half: aLoad({ lateSends: 2 }),
        cpu: QUIET,
        restarted: [],
        safeRate: 1_000,
      }),
    ).toEqual([]);
  });

  it('names failed requests by status, and requests that got no answer', () => {
    const saturation = aLoad({
      responses: 1_000,
      ok: 990,
      statuses: { '201': 990, '503': 10 },
      errors: 3,
      timeouts: 1,
    });
    expect(flagRun({ saturation, half: aLoad(), cpu: QUIET, restarted: [] })).toEqual([
      '13 of 1003 requests failed at saturation: 10× 503, 3 without an answer (1 timed out)',
    ]);
  });

  it('flags own 429s, restarts, a busy machine, a missed schedule and a too-small address pool', () => {
    const flags = flagRun({
      saturation: aLoad({ okPerSecond: 2_000 }),
      half: aLoad({ lateSends: 200 }), // 2 % of the builder's 10 000 answers
      cpu: { ...QUIET, other: 5 },
      restarted: ['payment-1'],
      accessLog: {
        own: { requests: 10, addresses: 2, maxPerAddress: 5, statuses: { '429': 4 } },
        others: { requests: 0, statuses: {}, rateLimited: {} },
      },
      safeRate: 1_000,
    });
    expect(flags).toHaveLength(5);
    expect(flags[0]).toContain('rate-limited');
    expect(flags[1]).toContain('payment-1');
    expect(flags[2]).toContain('0.50 cores');
    expect(flags[3]).toContain('200 late sends');
    expect(flags[4]).toContain('source-address pool');
  });
});
