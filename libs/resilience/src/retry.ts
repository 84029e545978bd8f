import { setTimeout as sleep } from 'node:timers/promises';

import { BreakerOpenError } from './breaker.errors.js';
import { isClientError } from './client-error.js';

export interface RetryOptions {
  /** Retries after the first attempt: `retries: 2` means at most 3 calls. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Default: retry anything but 4xx answers and open breakers (both would fail the same way). */
  shouldRetry?: (err: unknown) => boolean;
  /** Aborting stops the wait and rejects with the signal's reason. */
  signal?: AbortSignal;
  random?: () => number;
}

// "Full jitter" (AWS Architecture Blog, Exponential Backoff and Jitter): uniform in
// [0, min(max, base * 2^attempt)], which spreads retries of many clients apart.
export function backoffDelay(
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

export async function retry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const shouldRetry = opts.shouldRetry ?? isWorthRetrying;
  for (let attempt = 0; ; attempt++) {
    opts.signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= opts.retries || !shouldRetry(err)) throw err;
    }
    const delayMs = backoffDelay(attempt, opts.baseDelayMs, opts.maxDelayMs, opts.random);
    // timers/promises rejects with its own AbortError; callers expect the signal's reason.
    await sleep(delayMs, undefined, { signal: opts.signal }).catch((err: unknown) => {
      opts.signal?.throwIfAborted();
      throw err;
    });
  }
}

function isWorthRetrying(err: unknown): boolean {
  return !isClientError(err) && !(err instanceof BreakerOpenError);
}
