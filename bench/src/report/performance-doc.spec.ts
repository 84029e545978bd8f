import { describe, expect, it } from '@jest/globals';

import { aLoad, aRun, aWorkload } from '../testing/fixtures.js';
import { renderPerformanceDoc } from './performance-doc.js';

describe(renderPerformanceDoc.name, () => {
  it('says it is generated, from which file and which commit', () => {
    const sut = renderPerformanceDoc(aRun(), 'performance/bench.svg');
    expect(sut.split('\n')[0]).toContain('GENERATED');
    expect(sut.split('\n')[0]).toContain('bench/results/last-run.json');
    expect(sut).toContain('commit `abc1234`');
    expect(sut).toContain('2 CPUs (Test CPU)');
  });

  it('lists every target with its verdict and the figures behind it', () => {
    const sut = renderPerformanceDoc(aRun(), 'performance/bench.svg');
    expect(sut).toContain(
      '| **authenticated read** (✅ pass) | ≥ 40 % of composite ceiling (request path + PK read + Redis GET) | 1 000/s = 50 % of 2 000/s | ✅ pass |',
    );
    expect(sut).toContain('| **token refresh** (– not measured) |');
    expect(sut).toContain(
      '![Throughput at saturation next to its ceiling, and latency at half load, per workload](performance/bench.svg)',
    );
  });

  it('shows the workload table, the ceilings with the SQL linked, CPU per group and memory', () => {
    const run = aRun({
      ceilings: {
        requestPath: { read: aLoad({ okPerSecond: 4_000 }) },
        pgbenchCreate: {
          script: 'x.sql',
          clients: 20,
          threads: 2,
          seconds: 10,
          transactions: 9_000,
          failed: 0,
          tps: 900,
          latencyAvgMs: 20,
        },
        errors: { 'Redis GET': 'redis-benchmark not found' },
      },
    });
    const sut = renderPerformanceDoc(run, 'performance/bench.svg');
    expect(sut).toContain(
      '| authenticated read | `GET /payments/{id}` | 32 | 1 000 | 50 % | 500/s, 3.0 ms, 9.0 ms | 0 | 1.40 |',
    );
    expect(sut).toContain("[the create path's SQL](../bench/sql/payment-create.sql)");
    expect(sut).toContain('| Redis GET | **not measured**: redis-benchmark not found | – |');
    expect(sut).toContain('| authenticated read | 0.200 | 0.800 | 0.300 | 0.050 | 0.050 | 0.400 | 0.02 |');
    expect(sut).toContain('| authenticated read | 90 MB | 120 MB | 300 MB |');
  });

  it('compares with the baseline only when there is one', () => {
    expect(renderPerformanceDoc(aRun(), 'x.svg')).not.toContain('## Changes');
    const baseline = aRun({
      label: 'baseline',
      workloads: [aWorkload({ saturation: aLoad({ okPerSecond: 500 }) })],
    });
    const sut = renderPerformanceDoc(aRun(), 'x.svg', baseline);
    expect(sut).toContain('## Changes');
    expect(sut).toContain('| read | 500 → 1 000 | 2.00 | 25 % → 50 % | 2.00 | 9.0 ms → 9.0 ms |');
  });

  it('reports problems found, and says so when there were none', () => {
    expect(renderPerformanceDoc(aRun(), 'x.svg')).toContain('None: every request of every run answered 2xx');
    const flagged = aRun({
      workloads: [aWorkload({ flags: ['13 of 1003 requests failed at saturation: 10× 503'] })],
    });
    expect(renderPerformanceDoc(flagged, 'x.svg')).toContain(
      '- **authenticated read**: 13 of 1003 requests failed at saturation: 10× 503',
    );
  });
});
