import { describe, expect, it } from '@jest/globals';

import { aLoad, aRun, aWorkload } from '../testing/fixtures.js';
import { median } from './median.js';
import { roundSection, tracingOverhead, tracingSection } from './tracing-overhead.js';

const aReadRun = (okPerSecond: number, servicesCpu: number, label: string, postgresCpu = 1) =>
  aRun({
    label,
    workloads: [
      aWorkload({
        saturation: aLoad({ okPerSecond }),
        cpuPerThousand: { nginx: 1, services: servicesCpu, postgres: postgresCpu, redis: 0.1, haproxy: 0.1 },
      }),
    ],
  });

describe(median.name, () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe(tracingOverhead.name, () => {
  it("takes the median of each pair's ratio, not the ratio of medians", () => {
    const pairs = [
      { off: aReadRun(1_000, 10, 'tracing-off-1'), on: aReadRun(900, 11, 'tracing-on-1') },
      { off: aReadRun(500, 20, 'tracing-off-2'), on: aReadRun(400, 25, 'tracing-on-2') },
      { off: aReadRun(800, 10, 'tracing-off-3'), on: aReadRun(760, 12, 'tracing-on-3') },
    ];

    const [row] = tracingOverhead(pairs);

    expect(row).toMatchObject({ workload: 'read', pairs: 3, offPerSecond: 800, onPerSecond: 760 });
    expect(row.throughputRatio).toBeCloseTo(0.9);
    expect(row.servicesCpuRatio).toBeCloseTo(1.2);
  });

  it('leaves out a workload that is missing from a run', () => {
    const pairs = [{ off: aReadRun(1_000, 10, 'off'), on: aRun({ label: 'on', workloads: [aWorkload({ name: 'create' })] }) }];

    expect(tracingOverhead(pairs)).toEqual([]);
  });
});

describe(tracingSection.name, () => {
  it('renders one row per workload with both ratios', () => {
    const lines = tracingSection([{ off: aReadRun(1_000, 10, 'tracing-off-1'), on: aReadRun(900, 12, 'tracing-on-1') }]);

    expect(lines.find((l) => l.startsWith('| read '))).toBe(
      '| read | 1 000 → 900 | 0.90 | 10.00 → 12.00 | 1.20 | 1.00 → 1.00 | 1.00 | 9.0 ms → 9.0 ms |',
    );
  });
});

describe(roundSection.name, () => {
  it('renders a round before and after with the same table, in its own words', () => {
    const lines = roundSection([
      { off: aReadRun(500, 2, 'round-before-1', 0.2), on: aReadRun(750, 1.5, 'round-after-1', 0.08) },
    ]);

    expect(lines[0]).toContain('`round-before-1`/`round-after-1`');
    expect(lines).toContain(
      '| workload | ok/s before → after | ratio | services CPU s / 1 000 req before → after | ratio | postgres CPU s / 1 000 req before → after | ratio | p99 at half load before → after |',
    );
    expect(lines.find((l) => l.startsWith('| read '))).toBe(
      '| read | 500 → 750 | 1.50 | 2.00 → 1.50 | 0.75 | 0.20 → 0.08 | 0.40 | 9.0 ms → 9.0 ms |',
    );
  });
});
