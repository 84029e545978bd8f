import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { metrics } from '@app/observability';
import { pino } from 'pino';
import { BreakerOpenError, BreakerTimeoutError } from './breaker.errors.js';
import { createBreaker } from './breaker.factory.js';
import { listBreakers } from './breaker.registry.js';
import { type Breaker, type BreakerOptions } from './breaker.types.js';

class DependencyDown extends Error {}

class CardDeclined extends Error {}

interface LogLine {
  level: number;
  breaker: string;
  state: string;
  msg: string;
}

// A hand-written dependency: answers, fails or hangs as each test says, and records calls.
class FakeDependency {
  calls = 0;
  signals: AbortSignal[] = [];
  next: 'ok' | 'fail' | 'hang' | { error: unknown } = 'ok';

  readonly call = (signal: AbortSignal, input: string): Promise<string> => {
    this.calls++;
    this.signals.push(signal);
    const next = this.next;
    if (next === 'ok') return Promise.resolve(`answer to ${input}`);
    if (next === 'fail') return Promise.reject(new DependencyDown('connection refused'));
    if (next === 'hang') return new Promise<string>(() => undefined);
    return Promise.reject(next.error);
  };
}

describe(createBreaker.name, () => {
  let dependency: FakeDependency;
  let logLines: LogLine[];
  let sut: Breaker<[string], string>;
  let breakerCount = 0;

  const options: BreakerOptions = {
    timeoutMs: 100,
    volumeThreshold: 2,
    errorThresholdPercentage: 50,
    resetTimeoutMs: 5_000,
  };

  function build(overrides: Partial<BreakerOptions> = {}): Breaker<[string], string> {
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => logLines.push(JSON.parse(line) as LogLine) },
    );
    return createBreaker(`test.dependency.${++breakerCount}`, dependency.call, {
      ...options,
      logger,
      ...overrides,
    });
  }

  async function failTwice(): Promise<void> {
    dependency.next = 'fail';
    await expect(sut.fire('a')).rejects.toBeInstanceOf(DependencyDown);
    await expect(sut.fire('b')).rejects.toBeInstanceOf(DependencyDown);
  }

  beforeEach(() => {
    jest.useFakeTimers();
    dependency = new FakeDependency();
    logLines = [];
    sut = build();
  });

  afterEach(() => {
    sut.shutdown();
    jest.useRealTimers();
  });

  it('passes arguments through and returns the answer while closed', async () => {
    await expect(sut.fire('x')).resolves.toBe('answer to x');
    expect(sut.state).toBe('closed');
    expect(sut.retryAfterSeconds).toBe(0);
  });

  it('opens once failures pass the threshold, and logs the change', async () => {
    await failTwice();

    expect(sut.state).toBe('open');
    expect(logLines).toContainEqual(expect.objectContaining({ level: 40, breaker: sut.name, state: 'open' }));
    // Why it opened, so the log line alone explains the outage.
    expect(logLines).toContainEqual(expect.objectContaining({ state: 'open', lastFailure: 'connection refused' }));
  });

  it('publishes its state and events as metrics', async () => {
    const breaker = sut.name;
    await failTwice();
    await expect(sut.fire('m')).rejects.toBeInstanceOf(BreakerOpenError);

    const state = await metrics.breakerState.get();
    const events = await metrics.breakerEvents.get();
    expect(state.values).toContainEqual(expect.objectContaining({ labels: { breaker }, value: 1 }));
    for (const [event, value] of [
      ['failure', 2],
      ['open', 1],
      ['reject', 1],
    ] as const) {
      expect(events.values).toContainEqual(expect.objectContaining({ labels: { breaker, event }, value }));
    }
  });

  it('rejects at once while open without calling the dependency', async () => {
    await failTwice();
    const callsWhenOpened = dependency.calls;
    dependency.next = 'ok';

    const rejection = sut.fire('c');

    await expect(rejection).rejects.toBeInstanceOf(BreakerOpenError);
    await expect(rejection).rejects.toMatchObject({ breaker: sut.name, retryAfterSeconds: 5 });
    expect(dependency.calls).toBe(callsWhenOpened);
  });

  it('counts retryAfterSeconds down while open', async () => {
    await failTwice();

    jest.advanceTimersByTime(3_500);

    expect(sut.retryAfterSeconds).toBe(2);
  });

  it('half-opens after the reset timeout and closes on a successful trial call', async () => {
    await failTwice();

    jest.advanceTimersByTime(5_000);
    expect(sut.state).toBe('half-open');

    dependency.next = 'ok';
    await expect(sut.fire('d')).resolves.toBe('answer to d');
    expect(sut.state).toBe('closed');
  });

  it('opens again when the half-open trial call fails', async () => {
    await failTwice();
    jest.advanceTimersByTime(5_000);

    await expect(sut.fire('e')).rejects.toBeInstanceOf(DependencyDown);

    expect(sut.state).toBe('open');
  });

  it('does not count 4xx answers as failures', async () => {
    const notFound = Object.assign(new Error('not found'), { statusCode: 404 });
    dependency.next = { error: notFound };

    for (let i = 0; i < 5; i++) await expect(sut.fire('f')).rejects.toBe(notFound);

    expect(sut.state).toBe('closed');
  });

  it('uses a custom isFailure to decide what counts', async () => {
    sut.shutdown();
    sut = build({ isFailure: (err) => !(err instanceof CardDeclined) });
    dependency.next = { error: new CardDeclined('insufficient funds') };

    for (let i = 0; i < 2; i++) await expect(sut.fire('g')).rejects.toBeInstanceOf(CardDeclined);
    expect(sut.state).toBe('closed');

    // Real failures still count: 3 of 5 calls (60%) crosses the 50% threshold.
    dependency.next = 'fail';
    for (let i = 0; i < 3; i++) await expect(sut.fire('h')).rejects.toBeInstanceOf(DependencyDown);
    expect(sut.state).toBe('open');
  });

  it('rejects a slow call with BreakerTimeoutError and aborts its signal', async () => {
    dependency.next = 'hang';

    const call = sut.fire('h');
    jest.advanceTimersByTime(100);

    await expect(call).rejects.toBeInstanceOf(BreakerTimeoutError);
    expect(dependency.signals[0]?.aborted).toBe(true);
    expect(dependency.signals[0]?.reason).toBeInstanceOf(BreakerTimeoutError);
  });

  it('aborts only the call that timed out, not others in flight', async () => {
    dependency.next = 'hang';
    const first = sut.fire('i');
    jest.advanceTimersByTime(50);
    const second = sut.fire('j');

    jest.advanceTimersByTime(50);

    await expect(first).rejects.toBeInstanceOf(BreakerTimeoutError);
    expect(dependency.signals.map((signal) => signal.aborted)).toEqual([true, false]);
    jest.advanceTimersByTime(50);
    await expect(second).rejects.toBeInstanceOf(BreakerTimeoutError);
  });

  it('counts timeouts as failures even when isFailure would not', async () => {
    sut.shutdown();
    sut = build({ isFailure: () => false });
    dependency.next = 'hang';

    for (const input of ['k', 'l']) {
      const call = sut.fire(input);
      jest.advanceTimersByTime(100);
      await expect(call).rejects.toBeInstanceOf(BreakerTimeoutError);
    }

    expect(sut.state).toBe('open');
  });

  it('is listed with its state until shut down', async () => {
    expect(listBreakers()).toContainEqual({ name: sut.name, state: 'closed' });
    await failTwice();
    expect(listBreakers()).toContainEqual({ name: sut.name, state: 'open' });

    sut.shutdown();

    expect(listBreakers().map(({ name }) => name)).not.toContain(sut.name);
  });
});
