import { describe, expect, it } from '@jest/globals';

import { countServedBy } from './access-log.js';

const line = (time: string, addr: string, status: string): string =>
  JSON.stringify({ time, status: 200, upstream_addr: addr, upstream_status: status });

describe(countServedBy.name, () => {
  const since = Date.parse('2026-11-22T03:00:10Z');

  it('counts good answers from the upstream after the moment it came back', () => {
    const lines = [
      line('2026-11-22T03:00:05+00:00', '127.0.0.1:13001', '200'),
      line('2026-11-22T03:00:12+00:00', '127.0.0.1:13001', '200'),
      line('2026-11-22T03:00:13+00:00', '127.0.0.1:13002', '200'),
    ];
    expect(countServedBy(lines, '127.0.0.1:13001', since)).toBe(1);
  });

  it('attributes a retried request to the upstream that answered it, not the one that failed', () => {
    const lines = [line('2026-11-22T03:00:12+00:00', '127.0.0.1:13001, 127.0.0.1:13002', '502, 200')];
    expect(countServedBy(lines, '127.0.0.1:13001', since)).toBe(0);
    expect(countServedBy(lines, '127.0.0.1:13002', since)).toBe(1);
  });

  it('skips a partial first line', () => {
    expect(countServedBy(['ream_addr":"127.0.0.1:13001"}'], '127.0.0.1:13001', since)).toBe(0);
  });
});
