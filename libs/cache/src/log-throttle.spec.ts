import { describe, expect, it } from '@jest/globals';
import { LogThrottle } from './log-throttle.js';

describe(LogThrottle.name, () => {
  it('lets one line through per interval and counts the ones held back', () => {
    let now = 1_000;
    const sut = new LogThrottle(10_000, () => now);

    const turns = [sut.take(), sut.take(), sut.take()];
    now += 10_000;
    const next = sut.take();

    expect(turns).toEqual([{ suppressed: 0 }, undefined, undefined]);
    expect(next).toEqual({ suppressed: 2 });
  });
});
