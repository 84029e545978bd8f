import { describe, expect, it } from '@jest/globals';

import { compositeCeiling } from './composite.js';

describe(compositeCeiling.name, () => {
  it('adds per-request times: 1 / Σ(1 / rate)', () => {
    expect(
      compositeCeiling([
        { name: 'a', perSecond: 1_000 },
        { name: 'b', perSecond: 1_000 },
      ]).perSecond,
    ).toBeCloseTo(500);
    expect(
      compositeCeiling([
        { name: 'path', perSecond: 4_000 },
        { name: 'sql', perSecond: 2_000 },
        { name: 'redis', perSecond: 40_000 },
      ]).perSecond,
    ).toBeCloseTo(1_290.32, 1);
  });

  it('is the part itself when there is one, and below its slowest part otherwise', () => {
    expect(compositeCeiling([{ name: 'hash', perSecond: 37 }]).perSecond).toBe(37);
    const sut = compositeCeiling([
      { name: 'a', perSecond: 100 },
      { name: 'b', perSecond: 1e6 },
    ]);
    expect(sut.perSecond).toBeLessThan(100);
    expect(sut.parts.map((p) => p.name)).toEqual(['a', 'b']);
  });

  it('refuses a part that was not measured', () => {
    expect(() => compositeCeiling([{ name: 'pgbench', perSecond: 0 }])).toThrow('pgbench');
    expect(() => compositeCeiling([{ name: 'x', perSecond: Number.NaN }])).toThrow(RangeError);
    expect(() => compositeCeiling([])).toThrow(RangeError);
  });
});
