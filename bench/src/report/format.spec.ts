import { describe, expect, it } from '@jest/globals';

import { count, mb, ms, percent, rate } from './format.js';

describe('format', () => {
  it('groups thousands with a space and keeps small rates readable', () => {
    expect(count(1234567.4)).toBe('1 234 567');
    expect(rate(1234.5)).toBe('1 235');
    expect(rate(37.26)).toBe('37.3');
    expect(rate(1.234)).toBe('1.23');
  });

  it('prints shares, milliseconds and megabytes', () => {
    expect(percent(0.4321)).toBe('43 %');
    expect(percent(0.0432)).toBe('4.3 %');
    expect(ms(3.21)).toBe('3.2 ms');
    expect(ms(42.4)).toBe('42 ms');
    expect(mb(200 * 1024 * 1024)).toBe('200 MB');
  });
});
