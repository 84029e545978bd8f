import { describe, expect, it, jest } from '@jest/globals';
import { LoginThrottle } from './login-throttle.js';
import { FakeThrottleStore } from './throttle-store.fake.js';

const policy = (maxFailures: number) => ({
  maxFailures,
  waitIncrementSeconds: 60,
  maxWaitSeconds: 900,
  resetSeconds: 3600,
});

function setup() {
  const store = new FakeThrottleStore();
  return { store, sut: new LoginThrottle(store, { account: policy(3), ip: policy(10) }) };
}

async function fail(sut: LoginThrottle, times: number, account = 'a@x.io', ip = '10.0.0.1'): Promise<void> {
  for (let i = 0; i < times; i++) await sut.recordFailure(account, ip);
}

describe(LoginThrottle.name, () => {
  it('allows attempts below the account threshold', async () => {
    const { sut } = setup();
    await fail(sut, 2);
    await expect(sut.check('a@x.io', '10.0.0.1')).resolves.toMatchObject({ allowed: true });
  });

  it('locks the account at the threshold with the wait as Retry-After', async () => {
    const { sut } = setup();
    await fail(sut, 3);
    await expect(sut.check('a@x.io', '10.0.0.9')).resolves.toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('grows the wait with every further failure', async () => {
    const { sut, store } = setup();
    await fail(sut, 3);
    store.now += 61_000;
    await fail(sut, 1);
    await expect(sut.check('a@x.io', '10.0.0.1')).resolves.toEqual({
      allowed: false,
      retryAfterSeconds: 120,
    });
  });

  it('lets the account in again once the lock has passed', async () => {
    const { sut, store } = setup();
    await fail(sut, 3);
    store.now += 60_000;
    await expect(sut.check('a@x.io', '10.0.0.1')).resolves.toMatchObject({ allowed: true });
  });

  it('forgets failures after the reset window', async () => {
    const { sut, store } = setup();
    await fail(sut, 2);
    store.now += 3_600_000;
    await fail(sut, 2);
    await expect(sut.check('a@x.io', '10.0.0.1')).resolves.toMatchObject({ allowed: true });
  });

  it('locks an address that spreads failures over many accounts', async () => {
    const { sut } = setup();
    for (let i = 0; i < 10; i++) await sut.recordFailure(`user${i}@x.io`, '10.0.0.7');
    await expect(sut.check('fresh@x.io', '10.0.0.7')).resolves.toMatchObject({ allowed: false });
    await expect(sut.check('fresh@x.io', '10.0.0.8')).resolves.toMatchObject({ allowed: true });
  });

  it('forgives the account but not the address on success', async () => {
    const { sut, store } = setup();
    await fail(sut, 2);
    const checked = await sut.check('a@x.io', '10.0.0.1');
    expect(checked).toEqual({ allowed: true, accountHasFailures: true });
    await sut.recordSuccess('a@x.io', { accountHasFailures: true });
    expect(store.failures.has('auth:bf:account:a@x.io')).toBe(false);
    expect(store.failures.get('auth:bf:ip:10.0.0.1')?.count).toBe(2);
  });

  it('writes nothing on success when the check found nothing to forgive', async () => {
    const { sut, store } = setup();
    await expect(sut.check('a@x.io', '10.0.0.1')).resolves.toEqual({
      allowed: true,
      accountHasFailures: false,
    });
    const reset = jest.spyOn(store, 'reset');
    await sut.recordSuccess('a@x.io', { accountHasFailures: false });
    expect(reset).not.toHaveBeenCalled();
  });

  it('keeps a failure that raced in after a clean check counted (the strict side)', async () => {
    const { sut, store } = setup();
    const checked = await sut.check('a@x.io', '10.0.0.1');
    await fail(sut, 1);
    if (!checked.allowed) throw new Error('expected an allowed check');
    await sut.recordSuccess('a@x.io', checked);
    expect(store.failures.get('auth:bf:account:a@x.io')?.count).toBe(1);
  });

  it('does not count expired failures as something to forgive', async () => {
    const { sut, store } = setup();
    await fail(sut, 1);
    store.now += 3_600_000;
    await expect(sut.check('a@x.io', '10.0.0.1')).resolves.toEqual({
      allowed: true,
      accountHasFailures: false,
    });
  });
});
