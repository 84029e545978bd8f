import { type CpuSnapshot } from './cpu-accounting.js';
import { GROUP_NAMES, type GroupName, type ServiceInstance } from './process-groups.js';
import { processTable, readBusyTicks, readProcStat, readRssBytes, withDescendants } from './proc.js';

/** CPU counters of the stack's process groups now, read from /proc. */
export function cpuSnapshot(
  roots: Record<GroupName, readonly number[]>,
  instances: readonly ServiceInstance[] = [],
): CpuSnapshot {
  const table = processTable();
  const groupTicks = Object.fromEntries(
    GROUP_NAMES.map((g) => [
      g,
      withDescendants(roots[g], table).reduce(
        (sum, pid) => sum + (readProcStat(pid)?.ticksWithChildren ?? 0),
        0,
      ),
    ]),
  ) as Record<GroupName, number>;
  const instanceTicks = Object.fromEntries(
    instances.flatMap((i) => {
      const ticks = readProcStat(i.pid)?.ticksWithChildren;
      return ticks === undefined ? [] : [[i.name, ticks]];
    }),
  );
  const { user, system } = process.cpuUsage();
  return {
    atMs: Date.now(),
    groupTicks,
    instanceTicks,
    machineBusyTicks: readBusyTicks(),
    benchClientMicros: user + system,
  };
}

/** Peak resident memory of each service instance, sampled every `intervalMs` while running. */
export class RssSampler {
  private readonly peaks = new Map<string, number>();
  private readonly vanished = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly instances: readonly ServiceInstance[],
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): { peakRssBytes: Record<string, number>; vanished: string[] } {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.sample();
    return { peakRssBytes: Object.fromEntries(this.peaks), vanished: [...this.vanished] };
  }

  private sample(): void {
    for (const { name, pid } of this.instances) {
      const rss = readRssBytes(pid);
      if (rss === undefined) {
        // Restarted or stopped (a rebuild or `./stack restart` may replace a process at any time): reported, not guessed.
        this.vanished.add(name);
        continue;
      }
      this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, rss));
    }
  }
}
