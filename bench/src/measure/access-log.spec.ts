import { describe, expect, it } from '@jest/globals';

import { summariseAccessLog } from './access-log.js';

const line = (remote: string, status: number, uri = '/payments/1', method = 'GET'): string =>
  JSON.stringify({ time: '2026-12-03T13:51:05+00:00', remote_addr: remote, method, uri, status });

describe(summariseAccessLog.name, () => {
  const own = (a: string): boolean => a.startsWith('127.1.');

  it('counts own requests, distinct addresses and the busiest address', () => {
    const sut = summariseAccessLog(
      [line('127.1.0.1', 200), line('127.1.0.1', 200), line('127.1.0.2', 429), ''],
      own,
    );
    expect(sut.own).toEqual({
      requests: 3,
      addresses: 2,
      maxPerAddress: 2,
      statuses: { '200': 2, '429': 1 },
    });
    expect(sut.others.requests).toBe(0);
  });

  it('names the routes nginx refused to anyone else, without query strings', () => {
    const sut = summariseAccessLog(
      [
        line('127.0.0.1', 429, '/webhooks/psp', 'POST'),
        line('127.0.0.1', 429, '/webhooks/psp', 'POST'),
        line('127.0.0.1', 200, '/webhooks/psp', 'POST'),
        line('127.0.0.9', 429, '/payments?limit=5'),
      ],
      own,
    );
    expect(sut.others.statuses).toEqual({ '200': 1, '429': 3 });
    expect(sut.others.rateLimited).toEqual({
      '127.0.0.1 POST /webhooks/psp': 2,
      '127.0.0.9 GET /payments': 1,
    });
  });

  it('skips a line cut at the edge of the window', () => {
    expect(
      summariseAccessLog(['{"remote_addr":"127.1.0.1","sta', line('127.1.0.3', 200)], own).own.requests,
    ).toBe(1);
  });
});
