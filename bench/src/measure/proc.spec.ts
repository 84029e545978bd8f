import { describe, expect, it } from '@jest/globals';

import { parseBusyTicks, parseProcStat, parseVmRssBytes, withDescendants } from './proc.js';

describe(parseProcStat.name, () => {
  it('reads pid, name, parent and own plus reaped children ticks, even with ") " in the name', () => {
    const line =
      '4581 (nginx: worker (x) process) S 4580 4580 4580 0 -1 4194624 100 0 0 0 250 50 7 3 20 0 1 0 1234 0 0';
    expect(parseProcStat(line)).toEqual({
      pid: 4581,
      comm: 'nginx: worker (x) process',
      ppid: 4580,
      ticksWithChildren: 310,
    });
  });
});

describe(parseVmRssBytes.name, () => {
  it('reads VmRSS in bytes, and nothing for a process without memory', () => {
    expect(parseVmRssBytes('Name:\tnode\nVmHWM:\t  99999 kB\nVmRSS:\t   59760 kB\n')).toBe(59_760 * 1024);
    expect(parseVmRssBytes('Name:\tzombie\nState:\tZ (zombie)\n')).toBeUndefined();
  });
});

describe(parseBusyTicks.name, () => {
  it('counts user, nice, system, irq, softirq and steal, not idle or iowait', () => {
    expect(parseBusyTicks('cpu  100 5 40 9000 300 1 2 3 0 0\ncpu0 50 2 20 4500 150 0 1 1 0 0\n')).toBe(151);
  });

  it('refuses a file that is not /proc/stat', () => {
    expect(() => parseBusyTicks('intr 1 2 3')).toThrow('cpu line');
  });
});

describe(withDescendants.name, () => {
  it('follows children and grandchildren, and drops roots that are gone', () => {
    const table = new Map([
      [10, 1],
      [11, 10],
      [12, 11],
      [20, 1],
      [21, 20],
    ]);
    expect(withDescendants([10, 99], table).sort((a, b) => a - b)).toEqual([10, 11, 12]);
  });
});
