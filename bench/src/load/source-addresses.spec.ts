import { isLoopback } from '@app/stack-client';
import { describe, expect, it } from '@jest/globals';

import { SourceAddressPool } from './source-addresses.js';

describe(SourceAddressPool.name, () => {
  it('hands out loopback addresses round-robin, skipping .0 and .255', () => {
    const sut = new SourceAddressPool({ secondOctet: 1, count: 256 });
    const handed = Array.from({ length: 257 }, () => sut.next());
    expect(handed.slice(0, 2)).toEqual(['127.1.0.1', '127.1.0.2']);
    expect(handed[253]).toBe('127.1.0.254');
    expect(handed[254]).toBe('127.1.1.1');
    expect(handed[256]).toBe('127.1.0.1');
    expect(new Set(handed.slice(0, 256)).size).toBe(256);
    expect(handed.every(isLoopback)).toBe(true);
  });

  it('refuses 127.0.x.x and ranges that leave 127.0.0.0/8', () => {
    expect(() => new SourceAddressPool({ secondOctet: 0, count: 10 })).toThrow(RangeError);
    expect(() => new SourceAddressPool({ secondOctet: 255, count: 254 * 256 + 1 })).toThrow(RangeError);
    expect(() => new SourceAddressPool({ secondOctet: 1, count: 0 })).toThrow(RangeError);
  });

  it('recognises only its own addresses', () => {
    const sut = new SourceAddressPool({ secondOctet: 2, count: 300 });
    expect(sut.contains(sut.first)).toBe(true);
    expect(sut.contains(sut.last)).toBe(true);
    expect(sut.last).toBe('127.2.1.46');
    expect(sut.contains('127.2.1.47')).toBe(false);
    expect(sut.contains('127.1.0.1')).toBe(false);
    expect(sut.contains('127.0.0.1')).toBe(false);
    expect(sut.contains('10.2.0.1')).toBe(false);
    expect(sut.contains('127.2.0.255')).toBe(false);
  });

  it('keeps each address under its per-address rate only up to half the pool capacity', () => {
    expect(new SourceAddressPool({ secondOctet: 1, count: 1200 }).safeRate(100 / 60)).toBeCloseTo(1000);
  });
});
