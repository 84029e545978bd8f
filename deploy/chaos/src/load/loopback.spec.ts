import { describe, expect, it } from '@jest/globals';

import { assertLoopback, isLoopback, sourceAddresses } from './loopback.js';

describe(isLoopback.name, () => {
  it('accepts 127.0.0.0/8, ::1 and localhost only', () => {
    expect(['127.0.0.1', '127.0.0.99', 'localhost', '::1'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '128.0.0.1', 'example.com', '0.0.0.0'].some(isLoopback)).toBe(false);
  });
});

describe(assertLoopback.name, () => {
  it('refuses any other target, naming it', () => {
    expect(() => assertLoopback('192.168.1.1', 'target')).toThrow('target 192.168.1.1 is not a loopback address');
  });
});

describe(sourceAddresses.name, () => {
  it('hands out consecutive addresses from 127.0.0.2', () => {
    expect(sourceAddresses(3)).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4']);
  });

  it('refuses to run past 127.0.0.254 or to use 127.0.0.1', () => {
    expect(() => sourceAddresses(254)).toThrow(RangeError);
    expect(() => sourceAddresses(1, 1)).toThrow(RangeError);
  });
});
