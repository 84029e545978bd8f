/** How the load's clients retry (docs/architecture.md#idempotency): same key, honour Retry-After, bounded. */
export interface RetryPolicy {
  maxAttempts: number;
  /** No new attempt starts later than this after the first one. */
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Retry-After values above this are cut to it (keeps a run bounded). */
  maxRetryAfterMs: number;
  /**
   * Retry-After is the earliest moment to come back; each client adds up to this fraction of it at
   * random, so clients refused together do not all return in the same instant (and then again).
   */
  retryAfterSpread: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 40,
  maxElapsedMs: 45_000,
  baseDelayMs: 200,
  maxDelayMs: 3_000,
  maxRetryAfterMs: 5_000,
  retryAfterSpread: 0.5,
};

export interface AttemptOutcome {
  status: number;
  retryAfter?: string;
  problemType?: string;
}

export type RetryDecision = { retry: false; reason: string } | { retry: true; delayMs: number };

const RETRYABLE = new Set([0, 408, 425, 429, 502, 503, 504]);

/**
 * Whether to send the same request again (same Idempotency-Key), and after how long.
 * 409 is retried only when it says "the first request is still in flight"; other 409s are answers.
 */
export function retryDecision(
  outcome: AttemptOutcome,
  attempt: number,
  elapsedMs: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  const inFlight = outcome.status === 409 && (outcome.problemType?.endsWith('idempotency-key-in-flight') ?? false);
  if (!RETRYABLE.has(outcome.status) && !inFlight) return { retry: false, reason: `status ${outcome.status} is final` };
  if (attempt >= policy.maxAttempts) return { retry: false, reason: `gave up after ${attempt} attempts` };
  const told = retryAfterMs(outcome.retryAfter, policy);
  const delayMs = told === undefined ? backoffMs(attempt, policy, random) : Math.round(told * (1 + policy.retryAfterSpread * random()));
  if (elapsedMs + delayMs > policy.maxElapsedMs) return { retry: false, reason: `gave up after ${elapsedMs} ms` };
  return { retry: true, delayMs };
}

/** Retry-After as delta-seconds or an HTTP date, capped; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, policy: RetryPolicy, nowMs = Date.now()): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header.trim()) * 1000 : Date.parse(header) - nowMs;
  if (Number.isNaN(seconds)) return undefined;
  return Math.min(policy.maxRetryAfterMs, Math.max(0, seconds));
}

/** Full-jitter exponential backoff, at least 50 ms so a retry never spins. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.max(50, Math.round(random() * ceiling));
}
