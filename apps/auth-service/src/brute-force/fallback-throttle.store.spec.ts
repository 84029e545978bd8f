import { describe, expect, it } from '@jest/globals';
import { createRootLogger } from '@app/observability';
import { FallbackThrottleStore } from './fallback-throttle.store.js';
import { FakeThrottleStore } from './throttle-store.fake.js';
import { type ThrottleState, type ThrottleStore } from './throttle-store.js';

class DeadStore implements ThrottleStore {
  calls = 0;
  private fail(): never {
    this.calls++;
    throw new Error('connection is closed');
  }
  async inspect(): Promise<ThrottleState> {
    return this.fail();
  }
  async recordFailure(): Promise<number> {
    return this.fail();
  }
  async lock(): Promise<void> {
    this.fail();
  }
  async reset(): Promise<void> {
    this.fail();
  }
}

describe(FallbackThrottleStore.name, () => {
  it('uses the primary store while it answers', async () => {
    const primary = new FakeThrottleStore();
    const fallback = new FakeThrottleStore();
    const sut = new FallbackThrottleStore(primary, fallback, createRootLogger({ level: 'silent' }));
    await sut.recordFailure('k', 60);
    expect(primary.failures.get('k')?.count).toBe(1);
    expect(fallback.failures.size).toBe(0);
  });

  it('keeps counting and locking in the fallback when the primary fails', async () => {
    const fallback = new FakeThrottleStore();
    const sut = new FallbackThrottleStore(new DeadStore(), fallback, createRootLogger({ level: 'silent' }));
    await sut.recordFailure('k', 60);
    await expect(sut.recordFailure('k', 60)).resolves.toBe(2);
    await sut.lock('k', 30);
    await expect(sut.inspect(['k'], 'k')).resolves.toEqual({ lockedForMs: 30_000, hasFailures: true });
  });

  it('warns once per interval, not once per call', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createRootLogger({
      level: 'warn',
      destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    });
    const sut = new FallbackThrottleStore(new DeadStore(), new FakeThrottleStore(), logger, () => 5_000_000);
    await sut.inspect(['k'], 'k');
    await sut.inspect(['k'], 'k');
    expect(
      lines.filter((line) => String(line['msg']).includes('brute-force state unavailable')),
    ).toHaveLength(1);
  });
});
