import { type Result } from 'autocannon';

import { type ConnectionCounters } from './connection-policy.js';

export interface LoadSummary {
  /** Measured wall time of the run. */
  seconds: number;
  responses: number;
  ok: number;
  okPerSecond: number;
  /** Every status code answered, with counts. */
  statuses: Record<string, number>;
  /** Connection errors and timeouts: requests that got no answer at all. */
  errors: number;
  timeouts: number;
  latencyMs: { p50: number; p99: number; max: number };
  connectionsOpened: number;
  tlsResumed: number;
  /** Paced runs only: sends that went out well after their slot (no free connection). */
  lateSends?: number;
  targetPerSecond?: number;
}

export function summariseLoad(
  result: Result,
  counters: ConnectionCounters,
  paced?: { perSecond: number; late: number },
): LoadSummary {
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
  );
  const responses = Object.values(statuses).reduce((a, b) => a + b, 0);
  const ok = result['2xx'];
  return {
    seconds: result.duration,
    responses,
    ok,
    okPerSecond: result.duration > 0 ? ok / result.duration : 0,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    connectionsOpened: counters.opened,
    tlsResumed: counters.resumed,
    ...(paced === undefined ? {} : { targetPerSecond: paced.perSecond, lateSends: paced.late }),
  };
}

/** Answers that were not 2xx plus requests that got none: any of these flags the run. */
export function failedRequests(summary: LoadSummary): number {
  return summary.responses - summary.ok + summary.errors;
}
