import { describe, expect, it } from '@jest/globals';

import { aLoad, aRun, aWorkload } from '../testing/fixtures.js';
import { compareRuns } from './changes.js';

describe(compareRuns.name, () => {
  it("compares throughput, share of each run's own ceiling and p99, with ratios", () => {
    const baseline = aRun({
      workloads: [aWorkload({ saturation: aLoad({ okPerSecond: 500 }) })],
      composite: { read: { parts: [], perSecond: 2_500 } },
    });
    const last = aRun({
      workloads: [aWorkload({ saturation: aLoad({ okPerSecond: 800 }) })],
      composite: { read: { parts: [], perSecond: 2_000 } },
    });
    const [row] = compareRuns(baseline, last);
    expect(row.workload).toBe('read');
    expect(row.before).toEqual({ okPerSecond: 500, shareOfCeiling: 0.2, p99Ms: 9 });
    expect(row.after?.shareOfCeiling).toBeCloseTo(0.4);
    expect(row.throughputRatio).toBeCloseTo(1.6);
    expect(row.shareRatio).toBeCloseTo(2);
  });

  it('keeps workloads found on one side only, without ratios', () => {
    const baseline = aRun({ workloads: [aWorkload({ name: 'login' })], composite: {} });
    const rows = compareRuns(baseline, aRun());
    expect(rows.map((r) => r.workload)).toEqual(['read', 'login']);
    expect(rows[1].after).toBeUndefined();
    expect(rows[1].throughputRatio).toBeUndefined();
  });
});
