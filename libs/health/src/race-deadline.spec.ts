import { describe, expect, it } from '@jest/globals';

import { DeadlineExceededError, raceDeadline } from './race-deadline.js';

describe(raceDeadline.name, () => {
  it('resolves with the work when it settles first', async () => {
    await expect(raceDeadline(Promise.resolve('done'), 1_000)).resolves.toBe('done');
  });

  it('rejects with the work error when the work fails first', async () => {
    await expect(raceDeadline(Promise.reject(new Error('refused')), 1_000)).rejects.toThrow('refused');
  });

  it('rejects with DeadlineExceededError when the work never settles', async () => {
    const hanging = new Promise<never>(() => undefined);

    const outcome = raceDeadline(hanging, 20);

    await expect(outcome).rejects.toBeInstanceOf(DeadlineExceededError);
    await expect(outcome).rejects.toThrow('timed out after 20 ms');
  }, 5_000);
});
