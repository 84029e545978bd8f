import { summarizeLatencies, type LatencySummary } from '../load/percentiles.js';
import { type AttemptRecord, type OpClass, OP_CLASS, OP_CLASSES, completedAt } from '../load/request-record.js';
import { recoveryOf, type Recovery } from '../load/rto.js';
import { DEFAULT_RETRY_POLICY } from '../load/retry-policy.js';
import { buildTimeline, minActiveInWindows, type TimelinePoint } from '../load/timeline.js';

/** The longest a client stays quiet when told `Retry-After: 2` (the services' value) plus its spread. */
export const QUIET_WINDOW_MS = Math.round(2_000 * (1 + DEFAULT_RETRY_POLICY.retryAfterSpread));

export interface OpCounts {
  total: number;
  failed: number;
}

/** What the load observed around one fault, before any database check. */
export interface Measurements {
  faultMs: number;
  faultEndMs: number;
  endMs: number;
  ops: OpCounts & { byClass: Record<OpClass, OpCounts> };
  /** Failed operations by kind and final status, e.g. `pay:503`. */
  failures: Record<string, number>;
  attempts: { total: number; byStatus: Record<string, number> };
  recovery: Record<OpClass, Recovery>;
  /** Answers 500 to anything: API.md promises none. */
  status500: number;
  /** 502/503/504 answers without Retry-After: a client cannot know when to come back. */
  unavailableWithoutRetryAfter: number;
  /** Statuses of login attempts completed during [faultMs, faultEndMs]. */
  loginStatusesDuringFault: Record<string, number>;
  loginDuringFaultWithRetryAfter: number;
  /** Fewest attempts sent or in flight in any second of the fault window. */
  /** Fewest attempts sent or in flight in any QUIET_WINDOW_MS of the fault. */
  minActiveDuringFault: number;
  activityWindowMs: number;
  latency: { all: LatencySummary; writesDuringFault: LatencySummary };
  timeline: TimelinePoint[];
}

export function measure(records: readonly AttemptRecord[], faultMs: number, faultEndMs: number, endMs: number): Measurements {
  const finals = records.filter((r) => r.final);
  const byClass = Object.fromEntries(
    OP_CLASSES.map((c) => {
      const mine = finals.filter((r) => OP_CLASS[r.op] === c);
      return [c, { total: mine.length, failed: mine.filter((r) => !r.ok).length }];
    }),
  ) as Record<OpClass, OpCounts>;
  const failures: Record<string, number> = {};
  for (const r of finals.filter((x) => !x.ok)) bump(failures, `${r.op}:${r.status}`);
  const byStatus: Record<string, number> = {};
  for (const r of records) bump(byStatus, String(r.status));
  const during = (r: AttemptRecord): boolean => completedAt(r) >= faultMs && completedAt(r) <= faultEndMs;
  const loginsDuring = records.filter((r) => r.op === 'login' && during(r));
  const loginStatuses: Record<string, number> = {};
  for (const r of loginsDuring) bump(loginStatuses, String(r.status));
  const timeline = buildTimeline(records, endMs);
  return {
    faultMs,
    faultEndMs,
    endMs,
    ops: { total: finals.length, failed: finals.filter((r) => !r.ok).length, byClass },
    failures,
    attempts: { total: records.length, byStatus },
    recovery: Object.fromEntries(OP_CLASSES.map((c) => [c, recoveryOf(records, c, faultMs)])) as Record<OpClass, Recovery>,
    status500: records.filter((r) => r.status === 500).length,
    unavailableWithoutRetryAfter: records.filter((r) => [502, 503, 504].includes(r.status) && r.retryAfterS === undefined).length,
    loginStatusesDuringFault: loginStatuses,
    loginDuringFaultWithRetryAfter: loginsDuring.filter((r) => !r.ok && r.retryAfterS !== undefined).length,
    // A fault shorter than a second still has to see the load arrive in the second it starts.
    minActiveDuringFault: minActiveInWindows(records, faultMs, Math.max(faultEndMs, faultMs + QUIET_WINDOW_MS), QUIET_WINDOW_MS),
    activityWindowMs: QUIET_WINDOW_MS,
    latency: {
      all: summarizeLatencies(records.map((r) => r.latencyMs)),
      writesDuringFault: summarizeLatencies(records.filter((r) => OP_CLASS[r.op] === 'write' && during(r)).map((r) => r.latencyMs)),
    },
    timeline,
  };
}

/** Idempotency keys the client saw answered with two different payment ids. */
export function clientDuplicateKeys(records: readonly AttemptRecord[]): number {
  const idsByKey = new Map<string, Set<string>>();
  for (const r of records) {
    if (r.op !== 'pay' || !r.ok || r.idempotencyKey === undefined || r.paymentId === undefined) continue;
    idsByKey.set(r.idempotencyKey, (idsByKey.get(r.idempotencyKey) ?? new Set()).add(r.paymentId));
  }
  return [...idsByKey.values()].filter((s) => s.size > 1).length;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
