import { closeRedis, createRedis, type RedisConnectionOptions } from '@app/cache';
import { createLogger } from '@app/observability';
import { type OnModuleDestroy } from '@nestjs/common';
import { type Redis } from 'ioredis';

export const TOKENS_REDIS_OPTIONS = Symbol('TOKENS_REDIS_OPTIONS');

// Two connections: a subscribed connection can run no other command.
export class TokenRedis implements OnModuleDestroy {
  readonly commands: Redis;
  readonly subscriber: Redis;

  constructor(options: RedisConnectionOptions) {
    this.commands = createRedis(options, createLogger('tokens-redis'));
    this.subscriber = createRedis(options, createLogger('tokens-redis-subscriber'));
  }

  onModuleDestroy(): void {
    closeRedis(this.commands);
    closeRedis(this.subscriber);
  }
}
