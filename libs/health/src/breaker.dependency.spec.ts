import { afterEach, describe, expect, it } from '@jest/globals';
import { type Breaker, createBreaker } from '@app/resilience';

import { breakerDependency } from './breaker.dependency.js';
import { DependencyDownError } from './health-dependency.js';

describe(breakerDependency.name, () => {
  const created: Breaker<[boolean], string>[] = [];

  function aBreaker(name: string): Breaker<[boolean], string> {
    const breaker = createBreaker(
      name,
      (_signal, shouldFail: boolean) =>
        shouldFail ? Promise.reject(new Error('downstream 500')) : Promise.resolve('ok'),
      { timeoutMs: 1_000, volumeThreshold: 1, errorThresholdPercentage: 50 },
    );
    created.push(breaker);
    return breaker;
  }

  afterEach(() => {
    created.splice(0).forEach((breaker) => breaker.shutdown());
  });

  it('is up and lists every breaker state while none is open', async () => {
    await aBreaker('psp.charge').fire(false);
    const sut = breakerDependency();

    await expect(sut.check()).resolves.toEqual({ breakers: { 'psp.charge': 'closed' } });
  });

  it('is down, naming the open breaker, once a breaker opens', async () => {
    aBreaker('psp.refund');
    const charge = aBreaker('psp.charge');
    await expect(charge.fire(true)).rejects.toThrow('downstream 500');
    const sut = breakerDependency();

    const outcome = sut.check();

    await expect(outcome).rejects.toBeInstanceOf(DependencyDownError);
    await expect(outcome).rejects.toMatchObject({
      message: 'open: psp.charge',
      details: { breakers: { 'psp.refund': 'closed', 'psp.charge': 'open' } },
    });
  });

  it('ignores open breakers the include filter leaves out', async () => {
    const endpoint = aBreaker('webhook.ep_1');
    await expect(endpoint.fire(true)).rejects.toThrow('downstream 500');
    const sut = breakerDependency('breakers', (name) => !name.startsWith('webhook.'));

    await expect(sut.check()).resolves.toEqual({ breakers: {} });
  });

  it('never makes the service unhealthy or unready on its own', () => {
    const sut = breakerDependency();

    expect([sut.critical, sut.readiness, sut.kind]).toEqual([false, false, 'breaker']);
  });
});
