import { closeRedis, createRedis, type RedisConnectionOptions } from '@app/cache';
import { createLogger } from '@app/observability';
import { type OnModuleDestroy } from '@nestjs/common';
import { type Redis } from 'ioredis';

export const TOKENS_REDIS_OPTIONS = Symbol('TOKENS_REDIS_OPTIONS');

// Two connections: a subscribed connection can run no other command. The command connection may
// be the service's own client (`shared`), which its owner closes; then token lookups and the
// service's commands issued in the same tick share one write.
export class TokenRedis implements OnModuleDestroy {
  readonly commands: Redis;
  readonly subscriber: Redis;

  constructor(
    options: RedisConnectionOptions,
    private readonly shared?: Redis,
  ) {
    this.commands = shared ?? createRedis(options, createLogger('tokens-redis'));
    this.subscriber = createRedis(options, createLogger('tokens-redis-subscriber'));
  }

  onModuleDestroy(): void {
    if (this.shared === undefined) closeRedis(this.commands);
    closeRedis(this.subscriber);
  }
}
