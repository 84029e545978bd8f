import { REVOCATION_CHANNEL, type RevocationMessage } from '@app/auth-contract';
import { createLogger } from '@app/observability';
import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { TokenCache } from './token-ports.js';
import { TokenRedis } from './token-redis.js';

const logger = createLogger('token-revocations');

/** Drops a logged-out token's cache entry the moment auth announces it. */
@Injectable()
export class RevocationSubscriber implements OnModuleInit, OnModuleDestroy {
  private readonly onReady = () => void this.subscribe();
  private readonly onMessage = (channel: string, message: string) => void this.handle(channel, message);

  constructor(
    private readonly redis: TokenRedis,
    private readonly cache: TokenCache,
  ) {}

  onModuleInit(): void {
    const { subscriber } = this.redis;
    subscriber.on('message', this.onMessage);
    // No offline queue: subscribe whenever a connection becomes ready (also after Redis restarts).
    subscriber.on('ready', this.onReady);
    if (subscriber.status === 'ready') void this.subscribe();
  }

  onModuleDestroy(): void {
    this.redis.subscriber.off('ready', this.onReady);
    this.redis.subscriber.off('message', this.onMessage);
  }

  async handle(channel: string, message: string): Promise<void> {
    if (channel !== REVOCATION_CHANNEL) return;
    let revocation: RevocationMessage;
    try {
      revocation = JSON.parse(message) as RevocationMessage;
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'unreadable revocation message ignored');
      return;
    }
    if (typeof revocation.token_sha256 !== 'string') return;
    await this.cache.delete(revocation.token_sha256);
    logger.debug({ jti: revocation.jti }, 'revoked token dropped from the cache');
  }

  private async subscribe(): Promise<void> {
    try {
      await this.redis.subscriber.subscribe(REVOCATION_CHANNEL);
    } catch (err) {
      // The next 'ready' tries again; until then the denylist check on cache hits still holds.
      logger.warn({ err: (err as Error).message }, 'revocation channel not subscribed');
    }
  }
}
