import { type AttemptRecord, completedAt, type OpClass, OP_CLASS } from './request-record.js';
import { isFailedAttempt } from './timeline.js';

export interface Recovery {
  /** ms from the fault until the class served again for good; 0 when it never stopped. */
  rtoMs: number;
  /** Longest interval without a successful answer, around and after the fault. */
  maxGapMs: number;
  /** Failed attempts after the fault (before client retries hid them). */
  failedAttempts: number;
  /** Whether the class was still failing when the load ended. */
  recovered: boolean;
}

/**
 * Recovery of one class of operations after a fault at `faultMs`:
 * - with failures after the fault, RTO ends at the first success that follows the last failure;
 * - without failures, a stall (requests that hang, then succeed) still counts: RTO ends where the
 *   longest success gap ending after the fault ends, if that gap exceeds both `stallThresholdMs`
 *   and 1.5 × the longest gap before the fault (a rare operation, e.g. logins, has long gaps anyway).
 */
export function recoveryOf(
  records: readonly AttemptRecord[],
  opClass: OpClass,
  faultMs: number,
  stallThresholdMs = 1000,
): Recovery {
  const mine = records.filter((r) => OP_CLASS[r.op] === opClass);
  const successes = mine.filter((r) => r.ok).map(completedAt).sort((a, b) => a - b);
  const failures = mine.filter((r) => isFailedAttempt(r) && completedAt(r) >= faultMs).map(completedAt);
  const maxGapMs = longestGap(successes, faultMs);

  if (failures.length > 0) {
    const lastFailure = Math.max(...failures);
    const next = successes.find((s) => s >= lastFailure);
    if (next === undefined) return { rtoMs: lastFailure - faultMs, maxGapMs, failedAttempts: failures.length, recovered: false };
    return { rtoMs: next - faultMs, maxGapMs, failedAttempts: failures.length, recovered: true };
  }
  const before = successes.filter((t) => t < faultMs);
  const usualGap = before.length < 2 ? 0 : longestGap(before, 0);
  const stallEnd = endOfGapSpanning(successes, faultMs, Math.max(stallThresholdMs, 1.5 * usualGap), mine);
  return { rtoMs: stallEnd === undefined ? 0 : stallEnd - faultMs, maxGapMs, failedAttempts: 0, recovered: true };
}

/** Longest gap between consecutive successes among those from the last one before `fromMs` on. */
function longestGap(sorted: readonly number[], fromMs: number): number {
  const start = Math.max(0, sorted.findLastIndex((s) => s < fromMs));
  let longest = 0;
  for (let i = start + 1; i < sorted.length; i++) longest = Math.max(longest, sorted[i] - sorted[i - 1]);
  return longest;
}

/**
 * End of the longest success gap that ends after the fault and is longer than `threshold`, counted
 * only when a request of the class hung through it: a closed-loop client busy elsewhere is no stall.
 */
function endOfGapSpanning(sorted: readonly number[], faultMs: number, threshold: number, attempts: readonly AttemptRecord[]): number | undefined {
  let best: { gap: number; end: number } | undefined;
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    const gap = b - a;
    if (b <= faultMs || gap <= threshold) continue;
    if (!attempts.some((r) => r.sentMs <= a + threshold / 2 && completedAt(r) >= b - threshold / 2)) continue;
    if (best === undefined || gap > best.gap) best = { gap, end: sorted[i] };
  }
  return best?.end;
}
