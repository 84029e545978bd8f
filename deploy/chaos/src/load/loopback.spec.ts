import { describe, expect, it } from '@jest/globals';

import { sourceAddresses } from './loopback.js';

describe(sourceAddresses.name, () => {
  it('hands out consecutive addresses from 127.0.0.2', () => {
    expect(sourceAddresses(3)).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4']);
  });

  it('refuses to run past 127.0.0.254 or to use 127.0.0.1', () => {
    expect(() => sourceAddresses(254)).toThrow(RangeError);
    expect(() => sourceAddresses(1, 1)).toThrow(RangeError);
  });
});
