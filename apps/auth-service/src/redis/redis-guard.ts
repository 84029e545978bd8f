import { type Logger } from '@app/observability';
import { type Breaker, createBreaker } from '@app/resilience';

/**
 * One breaker in front of every Redis call of this service. A Redis that hangs (paused, network
 * partition) would otherwise cost each request a full command timeout per call before falling back
 * to the database; once open, calls fail at once and the fallbacks answer. Open shows as degraded
 * in /health through the shared breaker registry.
 */
export class RedisGuard {
  private readonly breaker: Breaker<[() => Promise<unknown>], unknown>;

  constructor(logger: Logger) {
    this.breaker = createBreaker('auth.redis', (_signal, op: () => Promise<unknown>) => op(), {
      timeoutMs: 1_000,
      resetTimeoutMs: 5_000,
      logger,
    });
  }

  run<T>(op: () => Promise<T>): Promise<T> {
    return this.breaker.fire(op) as Promise<T>;
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}
