/** Svix's schedule in seconds: immediately, 5 s, 5 m, 30 m, 2 h, 5 h, 10 h, 10 h (≈ 27.5 h in all). */
export const SVIX_SCHEDULE_SECONDS: readonly number[] = [0, 5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

/** ±20 % around each scheduled delay, so endpoints that failed together do not retry together. */
export const RETRY_JITTER = 0.2;

/**
 * When to try again after `attemptsMade` failed attempts, or `undefined` when the schedule is
 * exhausted (the delivery goes to the dead letter). `scheduleMs[n]` is the delay before attempt
 * n + 1, so the first entry (usually 0) is the first attempt and the length is the number of attempts.
 */
export function nextRetryDelayMs(
  attemptsMade: number,
  scheduleMs: readonly number[],
  random: () => number = Math.random,
): number | undefined {
  if (attemptsMade >= scheduleMs.length) return undefined;
  const base = scheduleMs[attemptsMade];
  return Math.round(base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random()));
}
