import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { createLogger } from '@app/observability';
import { retry } from '@app/resilience';
import { type Redis } from 'ioredis';
import { AUTH_REDIS } from '../config/tokens.js';
import { Revocations } from './revocations.js';

/** Re-seeds the Redis denylist from the database whenever Redis (re)connects: it may have lost its data. */
@Injectable()
export class RevocationReseed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger('auth');
  private readonly closing = new AbortController();

  constructor(
    private readonly revocations: Revocations,
    @Inject(AUTH_REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.redis.on('ready', () => void this.reseed());
    if (this.redis.status === 'ready') await this.reseed();
  }

  // Module destroy runs before any shutdown hook, so retries stop before Redis is closed.
  onModuleDestroy(): void {
    this.closing.abort();
  }

  /** Retried through the breaker's reset window: Redis just came back, the breaker may still be open. */
  private async reseed(): Promise<void> {
    try {
      const count = await retry(() => this.revocations.reseed(), {
        retries: 8,
        baseDelayMs: 500,
        maxDelayMs: 5_000,
        shouldRetry: () => !this.closing.signal.aborted,
        signal: this.closing.signal,
      });
      this.logger.info({ msg: 'revocation denylist re-seeded into redis', count });
    } catch (err) {
      this.logger.warn({ msg: 'could not re-seed the revocation denylist', err: String(err) });
    }
  }
}
