import { describe, expect, it } from '@jest/globals';
import { BreakerOpenError } from './breaker.errors.js';
import { backoffDelay, retry } from './retry.js';

const noDelay = { baseDelayMs: 1, maxDelayMs: 1, random: () => 0 };

describe(retry.name, () => {
  it('calls once more per retry, then rejects with the last error', async () => {
    const attempts: number[] = [];

    const result = retry(
      (attempt) => {
        attempts.push(attempt);
        return Promise.reject(new Error(`attempt ${attempt} failed`));
      },
      { retries: 3, ...noDelay },
    );

    await expect(result).rejects.toThrow('attempt 3 failed');
    expect(attempts).toEqual([0, 1, 2, 3]);
  });

  it('returns the first successful answer', async () => {
    let calls = 0;

    const result = retry(
      (attempt) => (++calls < 3 ? Promise.reject(new Error('flaky')) : Promise.resolve(`ok on ${attempt}`)),
      {
        retries: 5,
        ...noDelay,
      },
    );

    await expect(result).resolves.toBe('ok on 2');
    expect(calls).toBe(3);
  });

  it.each([
    ['a 4xx answer', Object.assign(new Error('unprocessable'), { status: 422 })],
    ['an open breaker', new BreakerOpenError('psp.charge', 5)],
  ])('does not retry %s by default', async (_label, error) => {
    let calls = 0;

    const result = retry(
      () => {
        calls++;
        return Promise.reject(error);
      },
      { retries: 3, ...noDelay },
    );

    await expect(result).rejects.toBe(error);
    expect(calls).toBe(1);
  });

  it('asks shouldRetry whether to go on', async () => {
    let calls = 0;

    const result = retry(() => Promise.reject(new Error(++calls === 2 ? 'fatal' : 'transient')), {
      retries: 5,
      shouldRetry: (err) => (err as Error).message === 'transient',
      ...noDelay,
    });

    await expect(result).rejects.toThrow('fatal');
    expect(calls).toBe(2);
  });

  it('stops waiting when its signal is aborted', async () => {
    const controller = new AbortController();
    const shuttingDown = new Error('shutting down');
    let calls = 0;

    const result = retry(
      () => {
        calls++;
        setTimeout(() => controller.abort(shuttingDown), 0);
        return Promise.reject(new Error('transient'));
      },
      { retries: 3, baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 1, signal: controller.signal },
    );

    await expect(result).rejects.toBe(shuttingDown);
    expect(calls).toBe(1);
  });
});

describe(backoffDelay.name, () => {
  it('stays within [0, min(max, base * 2^attempt)]', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = Math.min(5_000, 100 * 2 ** attempt);
      expect(backoffDelay(attempt, 100, 5_000, () => 0)).toBe(0);
      expect(backoffDelay(attempt, 100, 5_000, () => 0.999999)).toBeLessThanOrEqual(ceiling);
      expect(backoffDelay(attempt, 100, 5_000, () => 0.999999)).toBeGreaterThan(ceiling - 1);
      for (let sample = 0; sample < 50; sample++) {
        const delay = backoffDelay(attempt, 100, 5_000);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('spreads delays with the random source (full jitter)', () => {
    expect(backoffDelay(3, 100, 5_000, () => 0.5)).toBe(400);
  });
});
