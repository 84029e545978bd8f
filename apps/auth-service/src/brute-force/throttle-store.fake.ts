import { type ThrottleState, type ThrottleStore } from './throttle-store.js';

/** In-memory ThrottleStore with a settable clock (milliseconds). */
export class FakeThrottleStore implements ThrottleStore {
  now = 0;
  readonly failures = new Map<string, { count: number; resetAt: number }>();
  readonly locks = new Map<string, number>();

  async inspect(keys: string[], forgivable: string): Promise<ThrottleState> {
    const failures = this.failures.get(forgivable);
    return {
      lockedForMs: Math.max(0, ...keys.map((key) => (this.locks.get(key) ?? 0) - this.now)),
      hasFailures: failures !== undefined && failures.resetAt > this.now,
    };
  }
  async recordFailure(key: string, resetSeconds: number): Promise<number> {
    const current = this.failures.get(key);
    const count = current && current.resetAt > this.now ? current.count + 1 : 1;
    this.failures.set(key, { count, resetAt: this.now + resetSeconds * 1000 });
    return count;
  }
  async lock(key: string, seconds: number): Promise<void> {
    this.locks.set(key, this.now + seconds * 1000);
  }
  async reset(key: string): Promise<void> {
    this.failures.delete(key);
    this.locks.delete(key);
  }
}
