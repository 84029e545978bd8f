import { describe, expect, it } from '@jest/globals';

import { parseRedisBenchmarkCsv } from './redis-benchmark.js';

describe(parseRedisBenchmarkCsv.name, () => {
  it('reads requests per second and latency percentiles by column name', () => {
    const out = `"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
"GET bench:x","65189.05","0.153","0.032","0.127","0.279","0.391","6.007"
`;
    expect(parseRedisBenchmarkCsv(out)).toEqual({ perSecond: 65_189.05, p50Ms: 0.127, p99Ms: 0.391 });
  });

  it('fails on an error instead of a result', () => {
    expect(() => parseRedisBenchmarkCsv('NOAUTH Authentication required.\n')).toThrow('no CSV result');
  });
});
