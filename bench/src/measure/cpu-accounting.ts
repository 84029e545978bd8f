import { GROUP_NAMES, type GroupName } from './process-groups.js';

/** Cumulative CPU counters at one instant. */
export interface CpuSnapshot {
  atMs: number;
  /** Clock ticks per group: every live member's own time plus what it has reaped from its children. */
  groupTicks: Record<GroupName, number>;
  machineBusyTicks: number;
  /** Clock ticks of each service instance by name (auth-1, payment-2, …), children included. */
  instanceTicks?: Record<string, number>;
  /** This process (the load generator), in microseconds. */
  benchClientMicros: number;
}

export interface CpuUsage {
  wallSeconds: number;
  /** CPU seconds per group over the window. */
  groups: Record<GroupName, number>;
  /** CPU seconds of each service instance that lived through the window (inside `services`). */
  instances?: Record<string, number>;
  benchClient: number;
  /** Busy time of the machine that none of the above accounts for (other programs, the kernel). */
  other: number;
}

/**
 * CPU spent between two snapshots. A child that exits inside the window moves its time into its
 * parent's reaped-children counters, which the group also sums, so the difference stays whole.
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, ticksPerSecond: number): CpuUsage {
  const groups = Object.fromEntries(
    GROUP_NAMES.map((g) => [g, (after.groupTicks[g] - before.groupTicks[g]) / ticksPerSecond]),
  ) as Record<GroupName, number>;
  const benchClient = (after.benchClientMicros - before.benchClientMicros) / 1e6;
  const machine = (after.machineBusyTicks - before.machineBusyTicks) / ticksPerSecond;
  const instances = Object.fromEntries(
    Object.entries(after.instanceTicks ?? {}).flatMap(([name, ticks]) => {
      const was = before.instanceTicks?.[name];
      return was === undefined ? [] : [[name, (ticks - was) / ticksPerSecond]];
    }),
  );
  return {
    wallSeconds: (after.atMs - before.atMs) / 1000,
    groups,
    instances,
    benchClient,
    other: machine - totalGroupSeconds(groups) - benchClient,
  };
}

export function totalGroupSeconds(groups: Record<GroupName, number>): number {
  return GROUP_NAMES.reduce((sum, g) => sum + groups[g], 0);
}

/** CPU seconds each group spent per 1 000 requests answered. */
export function cpuPerThousandRequests(cpu: CpuUsage, requests: number): Record<GroupName, number> {
  return Object.fromEntries(
    GROUP_NAMES.map((g) => [g, requests > 0 ? (1000 * cpu.groups[g]) / requests : 0]),
  ) as Record<GroupName, number>;
}

/** Cores the system under test kept busy on average: CPU seconds of every group / wall seconds. */
export function coresUsed(cpu: CpuUsage): number {
  return cpu.wallSeconds > 0 ? totalGroupSeconds(cpu.groups) / cpu.wallSeconds : 0;
}
