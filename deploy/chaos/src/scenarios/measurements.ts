import { summarizeLatencies, type LatencySummary } from '../load/percentiles.js';
import { type AttemptRecord, type OpClass, OP_CLASS, OP_CLASSES, completedAt } from '../load/request-record.js';
import { recoveryOf, type Recovery } from '../load/rto.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../load/retry-policy.js';
import { buildTimeline, minActiveInWindows, type TimelinePoint } from '../load/timeline.js';

/**
 * How long the load may legitimately be quiet in [fromMs, toMs): the longest wait the API asked
 * for there (Retry-After as the clients apply it: capped, plus spread), and never less than the
 * longest backoff a client takes on its own. Judging "the load kept arriving" over shorter windows
 * would fail a scenario for clients doing what they were told.
 */
export function quietWindowMs(records: readonly AttemptRecord[], fromMs: number, toMs: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const told = records
    .filter((r) => r.retryAfterS !== undefined && r.sentMs >= fromMs && r.sentMs < toMs)
    .map((r) => Math.min(policy.maxRetryAfterMs, (r.retryAfterS ?? 0) * 1_000));
  const longestTold = told.length === 0 ? 0 : Math.max(...told);
  return Math.max(policy.maxDelayMs, Math.round(longestTold * (1 + policy.retryAfterSpread)));
}

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
  /** Answers 500 to anything: no client input may cause one. */
  status500: number;
  /** 502/503/504 answers without Retry-After: a client cannot know when to come back. */
  unavailableWithoutRetryAfter: number;
  /** Statuses of login attempts completed during [faultMs, faultEndMs]. */
  loginStatusesDuringFault: Record<string, number>;
  loginDuringFaultWithRetryAfter: number;
  /** Fewest attempts sent or in flight in any second of the fault window. */
  /** Fewest attempts sent or in flight in any `activityWindowMs` window of the fault (see quietWindowMs). */
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
  const windowMs = quietWindowMs(records, faultMs, Math.max(faultEndMs, faultMs + 1_000));
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
    // A fault shorter than the window still has to see the load arrive in the window it starts.
    minActiveDuringFault: minActiveInWindows(records, faultMs, Math.max(faultEndMs, faultMs + windowMs), windowMs),
    activityWindowMs: windowMs,
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
