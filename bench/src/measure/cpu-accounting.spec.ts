import { describe, expect, it } from '@jest/globals';

import { coresUsed, type CpuSnapshot, cpuBetween, cpuPerThousandRequests } from './cpu-accounting.js';

function aSnapshot(
  atMs: number,
  ticks: Partial<CpuSnapshot['groupTicks']>,
  machineBusyTicks: number,
  benchClientMicros: number,
): CpuSnapshot {
  return {
    atMs,
    groupTicks: { nginx: 0, services: 0, postgres: 0, redis: 0, haproxy: 0, ...ticks },
    machineBusyTicks,
    benchClientMicros,
  };
}

describe(cpuBetween.name, () => {
  const before = aSnapshot(1_000, { nginx: 100, services: 1_000, postgres: 500 }, 10_000, 2_000_000);
  const after = aSnapshot(
    11_000,
    { nginx: 300, services: 1_800, postgres: 700, redis: 50, haproxy: 20 },
    11_600,
    5_000_000,
  );
  const sut = cpuBetween(before, after, 100);

  it('turns tick differences into CPU seconds per group over the wall time', () => {
    expect(sut.wallSeconds).toBe(10);
    expect(sut.groups).toEqual({ nginx: 2, services: 8, postgres: 2, redis: 0.5, haproxy: 0.2 });
    expect(sut.benchClient).toBe(3);
  });

  it('gives each instance its own seconds, leaving out one that was not there at the start', () => {
    const usage = cpuBetween(
      { ...before, instanceTicks: { 'auth-1': 400, 'auth-2': 300 } },
      { ...after, instanceTicks: { 'auth-1': 700, 'auth-2': 450, 'payment-1': 80 } },
      100,
    );
    expect(usage.instances).toEqual({ 'auth-1': 3, 'auth-2': 1.5 });
  });

  it('charges the machine busy time nobody accounts for to "other"', () => {
    expect(sut.other).toBeCloseTo(16 - 12.7 - 3);
  });

  it('gives cores used from the groups only, not the load generator', () => {
    expect(coresUsed(sut)).toBeCloseTo(1.27);
  });

  it('spreads each group over the requests answered, per 1 000', () => {
    expect(cpuPerThousandRequests(sut, 4_000)).toEqual({
      nginx: 0.5,
      services: 2,
      postgres: 0.5,
      redis: 0.125,
      haproxy: 0.05,
    });
    expect(cpuPerThousandRequests(sut, 0).services).toBe(0);
  });
});
