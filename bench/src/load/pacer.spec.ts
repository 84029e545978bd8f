import { describe, expect, it } from '@jest/globals';

import { Pacer } from './pacer.js';

describe(Pacer.name, () => {
  it('spaces sends evenly even when asked all at once', () => {
    const sut = new Pacer(100);
    expect([0, 0, 0, 0].map(() => sut.reserve(1_000))).toEqual([0, 10, 20, 30]);
    expect(sut.late).toBe(0);
  });

  it('sends at once when a connection comes back after its slot, keeping the schedule', () => {
    const sut = new Pacer(100);
    sut.reserve(0);
    expect(sut.reserve(15)).toBe(0); // slot 10, 5 ms late: within tolerance
    expect(sut.reserve(15)).toBe(5); // slot 20
    expect(sut.late).toBe(0);
  });

  it('counts a send far behind its slot as late and restarts the schedule from now', () => {
    const sut = new Pacer(100);
    sut.reserve(0);
    expect(sut.reserve(500)).toBe(0);
    expect(sut.late).toBe(1);
    expect(sut.reserve(500)).toBe(10);
    expect(sut.reserved).toBe(3);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new Pacer(0)).toThrow(RangeError);
  });
});
