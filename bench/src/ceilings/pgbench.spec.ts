import { describe, expect, it } from '@jest/globals';

import { parsePgbenchOutput } from './pgbench.js';

const REPORT = `pgbench (15.18 (Debian 15.18-0+deb12u1))
transaction type: bench/sql/payment-create.sql
number of clients: 4
number of threads: 2
maximum number of tries: 1
duration: 3 s
number of transactions actually processed: 1165
number of failed transactions: 2 (0.172%)
latency average = 10.244 ms
initial connection time = 45.888 ms
tps = 390.454019 (without initial connection time)
`;

describe(parsePgbenchOutput.name, () => {
  it('reads transactions, failures, tps and average latency', () => {
    expect(parsePgbenchOutput(REPORT)).toEqual({
      transactions: 1165,
      failed: 2,
      tps: 390.454019,
      latencyAvgMs: 10.244,
    });
  });

  it('fails on a report without a tps line rather than return zero', () => {
    expect(() => parsePgbenchOutput('pgbench: error: connection failed')).toThrow('no transaction count');
  });
});
