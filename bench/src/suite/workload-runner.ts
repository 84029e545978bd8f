import { setTimeout as sleep } from 'node:timers/promises';

import { type LoadPlan, runLoad } from '../load/http-load.js';
import { requestsPerConnection, type RateLimitZone } from '../load/rate-limits.js';
import { type SourceAddressPool } from '../load/source-addresses.js';
import { AccessLogWindow, summariseAccessLog } from '../measure/access-log.js';
import { coresUsed, cpuBetween, cpuPerThousandRequests } from '../measure/cpu-accounting.js';
import { groupRoots, restartedBetween, serviceInstances } from '../measure/process-groups.js';
import { cpuSnapshot, RssSampler } from '../measure/resource-sampler.js';
import { type StatementCounts, statementsPerRequest } from '../measure/sql-statements.js';
import { type WorkloadResult } from '../report/bench-run.js';
import { type Stack } from '../stack/stack.js';
import { type PreparedWorkload, type Workload } from '../workloads/workload.js';
import { flagRun } from './run-flags.js';

export interface MeasureEnv {
  stack: Stack;
  pool: SourceAddressPool;
  zones: Record<string, RateLimitZone>;
  seconds: number;
  halfSeconds: number;
  warmupSeconds: number;
  ticksPerSecond: number;
  /** The services' cumulative SQL statement counts per node (pg_stat_statements). */
  statementCounts: () => Promise<StatementCounts>;
  log: (message: string) => void;
}

// Lets queues, pools and the simulator's webhooks drain between runs.
const SETTLE_MS = 1_000;

/** The workload's load plan: through nginx, from the pool's addresses, rotating as its zone requires. */
export function loadPlanFor(
  workload: Workload,
  prepared: PreparedWorkload,
  env: MeasureEnv,
  seconds: number,
  perSecond?: number,
): LoadPlan {
  const zone = workload.zone === undefined ? undefined : env.zones[workload.zone];
  if (workload.zone !== undefined && zone === undefined)
    throw new Error(`nginx has no ${workload.zone} rate-limit zone`);
  return {
    target: prepared.target,
    connections: workload.connections,
    seconds,
    requests: prepared.requests,
    perConnection: prepared.perConnection,
    sourceAddresses: zone === undefined ? undefined : env.pool,
    requestsPerConnection: requestsPerConnection(zone),
    perSecond,
  };
}

/**
 * Warm-up, then saturation (CPU per group, nginx's view of the traffic), then half of the
 * throughput reached, paced (latency); memory is sampled throughout.
 */
export async function measureWorkload(
  workload: Workload,
  prepared: PreparedWorkload,
  env: MeasureEnv,
): Promise<WorkloadResult> {
  const base = {
    name: workload.name,
    title: workload.title,
    route: workload.route,
    connections: workload.connections,
    flags: [] as string[],
    notes: [] as string[],
  };
  const waitMs = (prepared.readyAtMs ?? 0) - Date.now();
  if (waitMs > 0) {
    env.log(
      `  waiting ${(waitMs / 1000).toFixed(1)} s for the read-your-writes window of the fixture's writes to pass`,
    );
    await sleep(waitMs);
  }
  const run = async (seconds: number, perSecond?: number) => {
    await prepared.beforeEachRun?.();
    return runLoad(loadPlanFor(workload, prepared, env, seconds, perSecond));
  };

  await run(env.warmupSeconds);
  const statusBefore = await env.stack.status();
  const roots = groupRoots(statusBefore);
  const instancesBefore = serviceInstances(statusBefore);
  const rss = new RssSampler(instancesBefore);
  const accessLog = new AccessLogWindow(env.stack.accessLog);
  rss.start();
  try {
    const statementsBefore = await env.statementCounts();
    accessLog.start();
    const before = cpuSnapshot(roots, instancesBefore);
    const saturation = await run(env.seconds);
    const after = cpuSnapshot(roots, instancesBefore);
    const statementsAfter = await env.statementCounts();
    const lines = workload.zone === undefined ? [] : accessLog.read();
    const instancesAfter = serviceInstances(await env.stack.status());
    env.log(
      `  saturation: ${Math.round(saturation.okPerSecond)}/s ok, p99 ${saturation.latencyMs.p99} ms, ${saturation.responses - saturation.ok + saturation.errors} failed`,
    );
    await sleep(SETTLE_MS);
    const half = await run(env.halfSeconds, Math.max(1, saturation.okPerSecond / 2));
    env.log(
      `  half load: ${Math.round(half.okPerSecond)}/s ok, p50 ${half.latencyMs.p50} ms, p99 ${half.latencyMs.p99} ms`,
    );
    const memory = rss.stop();
    const cpu = cpuBetween(before, after, env.ticksPerSecond);
    const log =
      lines === undefined
        ? undefined
        : workload.zone === undefined
          ? undefined
          : summariseAccessLog(lines, (a) => env.pool.contains(a));
    const zone = workload.zone === undefined ? undefined : env.zones[workload.zone];
    const restarted = [
      ...new Set([...restartedBetween(instancesBefore, instancesAfter), ...memory.vanished]),
    ];
    const flags = flagRun({
      saturation,
      half,
      cpu,
      restarted,
      accessLog: log,
      safeRate: zone === undefined ? undefined : env.pool.safeRate(zone.perSecond),
    });
    if (workload.zone !== undefined && lines === undefined)
      flags.push("nginx's access log was rotated during the run: its view of the traffic is missing");
    return {
      ...base,
      requestsPerConnection: requestsPerConnection(zone),
      saturation,
      half,
      cpu,
      cpuPerThousand: cpuPerThousandRequests(cpu, saturation.responses),
      coresUsed: coresUsed(cpu),
      sqlPerRequest: statementsPerRequest(statementsBefore, statementsAfter, saturation.responses),
      peakRssBytes: memory.peakRssBytes,
      accessLog: log,
      flags,
      notes: prepared.notes?.() ?? [],
    };
  } finally {
    rss.stop();
  }
}
