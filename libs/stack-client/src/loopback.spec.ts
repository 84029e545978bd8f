import { describe, expect, it } from '@jest/globals';

import { assertLoopback, isLoopback } from './loopback.js';

describe(isLoopback.name, () => {
  it('accepts 127.0.0.0/8, ::1 and localhost only', () => {
    expect(['127.0.0.1', '127.0.0.99', '127.200.3.4', 'localhost', '::1'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '128.0.0.1', '1.127.0.0', 'example.com', '0.0.0.0'].some(isLoopback)).toBe(false);
  });
});

describe(assertLoopback.name, () => {
  it('refuses any other target, naming it', () => {
    expect(() => assertLoopback('192.168.1.1', 'target')).toThrow(
      'target 192.168.1.1 is not a loopback address',
    );
    expect(() => assertLoopback('127.0.0.1', 'target')).not.toThrow();
  });
});
