import { percentile } from './percentiles.js';
import { type AttemptRecord, completedAt } from './request-record.js';

/** One second of the run, bucketed by when attempts completed. */
export interface TimelinePoint {
  /** Bucket start, ms since the load started. */
  t: number;
  attempts: number;
  ok: number;
  errors: number;
  /** Attempts sent in this second (shows the load kept coming even when nothing answered). */
  sent: number;
  p99Ms: number | null;
}

/** Per-second throughput, error count and p99 latency over [0, endMs). */
export function buildTimeline(records: readonly AttemptRecord[], endMs: number, bucketMs = 1000): TimelinePoint[] {
  const n = Math.max(1, Math.ceil(endMs / bucketMs));
  const latencies: number[][] = Array.from({ length: n }, () => []);
  const points: TimelinePoint[] = Array.from({ length: n }, (_, i) => ({
    t: i * bucketMs, attempts: 0, ok: 0, errors: 0, sent: 0, p99Ms: null,
  }));
  const index = (ms: number): number => Math.min(n - 1, Math.max(0, Math.floor(ms / bucketMs)));
  for (const r of records) {
    const done = points[index(completedAt(r))];
    done.attempts += 1;
    if (isFailedAttempt(r)) done.errors += 1;
    else done.ok += 1;
    latencies[index(completedAt(r))].push(r.latencyMs);
    points[index(r.sentMs)].sent += 1;
  }
  points.forEach((p, i) => {
    const p99 = percentile(latencies[i], 99);
    p.p99Ms = p99 === undefined ? null : Math.round(p99);
  });
  return points;
}

/**
 * An attempt that did not get the answer its operation needs: no answer, a 5xx, a throttle, or a
 * wrong answer (a 404 for a payment the system acknowledged is a stale or lost read).
 */
export function isFailedAttempt(r: AttemptRecord): boolean {
  return !r.ok;
}

/**
 * The fewest attempts sent or in flight in any `windowMs` window of [fromMs, toMs), sliding by a
 * second: proof the load did not stop. The window is as long as a client may legitimately stay
 * quiet (waiting out a Retry-After), so a pause it was told to take does not read as "stopped".
 */
export function minActiveInWindows(records: readonly AttemptRecord[], fromMs: number, toMs: number, windowMs: number): number {
  let fewest = Number.POSITIVE_INFINITY;
  for (let t = fromMs; t + windowMs <= toMs; t += 1000) {
    const active = records.filter((r) => r.sentMs < t + windowMs && completedAt(r) >= t).length;
    fewest = Math.min(fewest, active);
  }
  return Number.isFinite(fewest) ? fewest : 0;
}
