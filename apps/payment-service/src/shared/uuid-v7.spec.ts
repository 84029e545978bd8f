import { describe, expect, it } from '@jest/globals';

import { isUuid, uuidV7 } from './uuid-v7.js';

describe(uuidV7.name, () => {
  it('is a well-formed version 7, variant 10 UUID', () => {
    const sut = uuidV7();
    expect(isUuid(sut)).toBe(true);
    expect(sut[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(sut[19]);
  });

  it('sorts by creation time as a string, which the newest-first cursor relies on', () => {
    const max = Buffer.alloc(10, 0xff);
    const min = Buffer.alloc(10, 0x00);
    const earlier = uuidV7(1_700_000_000_000, max);
    const later = uuidV7(1_700_000_000_001, min);
    expect(earlier < later).toBe(true);
  });

  it('differs between two ids of the same millisecond', () => {
    expect(uuidV7(1_700_000_000_000)).not.toBe(uuidV7(1_700_000_000_000));
  });
});

describe(isUuid.name, () => {
  it('accepts canonical UUIDs only', () => {
    expect(isUuid('0190a3e4-7b1c-7d2e-9f00-123456789abc')).toBe(true);
    expect(isUuid('not-a-uuid')).toBe(false);
    expect(isUuid("0190a3e4-7b1c-7d2e-9f00-123456789abc' OR 1=1")).toBe(false);
  });
});
