import { type Redis } from 'ioredis';
import { type RedisGuard } from '../redis/redis-guard.js';
import { type ThrottleState, type ThrottleStore } from './throttle-store.js';

const failuresKey = (key: string) => `${key}:failures`;
const lockKey = (key: string) => `${key}:lock`;

/** Brute-force state in Redis, shared by every replica (INCR is atomic across them). */
export class RedisThrottleStore implements ThrottleStore {
  constructor(
    private readonly redis: Redis,
    private readonly guard: RedisGuard,
  ) {}

  async inspect(keys: string[], forgivable: string): Promise<ThrottleState> {
    const results = await this.guard.run(() =>
      this.redis
        .pipeline([...keys.map((key) => ['pttl', lockKey(key)]), ['exists', failuresKey(forgivable)]])
        .exec(),
    );
    if (!results || results.length !== keys.length + 1) throw new Error('redis pipeline aborted');
    const replies = results.map(([err, reply]) => {
      if (err) throw err;
      return Number(reply);
    });
    const hasFailures = replies.pop()! > 0;
    return { lockedForMs: Math.max(0, ...replies), hasFailures };
  }

  async recordFailure(key: string, resetSeconds: number): Promise<number> {
    const results = await this.guard.run(() =>
      this.redis.multi().incr(failuresKey(key)).expire(failuresKey(key), resetSeconds).exec(),
    );
    const [err, count] = results?.[0] ?? [new Error('redis transaction aborted'), 0];
    if (err) throw err;
    return Number(count);
  }

  async lock(key: string, seconds: number): Promise<void> {
    await this.guard.run(() => this.redis.set(lockKey(key), '1', 'EX', seconds));
  }

  async reset(key: string): Promise<void> {
    await this.guard.run(() => this.redis.del(failuresKey(key), lockKey(key)));
  }
}
