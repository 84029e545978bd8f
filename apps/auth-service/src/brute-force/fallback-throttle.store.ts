import { type Logger } from '@app/observability';
import { type ThrottleState, type ThrottleStore } from './throttle-store.js';

// One warning per interval, not one per login, while Redis stays down.
const WARN_INTERVAL_MS = 10_000;

/**
 * Redis first; when Redis fails, the database keeps protection on (never silently off). The
 * two hold separate counters, so an outage restarts the count once in each direction.
 */
export class FallbackThrottleStore implements ThrottleStore {
  private lastWarnAt = 0;

  constructor(
    private readonly primary: ThrottleStore,
    private readonly fallback: ThrottleStore,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  inspect(keys: string[], forgivable: string): Promise<ThrottleState> {
    return this.attempt((store) => store.inspect(keys, forgivable));
  }

  recordFailure(key: string, resetSeconds: number): Promise<number> {
    return this.attempt((store) => store.recordFailure(key, resetSeconds));
  }

  lock(key: string, seconds: number): Promise<void> {
    return this.attempt((store) => store.lock(key, seconds));
  }

  reset(key: string): Promise<void> {
    return this.attempt((store) => store.reset(key));
  }

  private async attempt<T>(op: (store: ThrottleStore) => Promise<T>): Promise<T> {
    try {
      return await op(this.primary);
    } catch (err) {
      if (this.now() - this.lastWarnAt >= WARN_INTERVAL_MS) {
        this.lastWarnAt = this.now();
        this.logger.warn({
          msg: 'brute-force state unavailable in redis, using the database',
          err: String(err),
        });
      }
      return op(this.fallback);
    }
  }
}
