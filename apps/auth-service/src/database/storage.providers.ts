import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { closeRedis, createRedis, redisOptionsFromEnv } from '@app/cache';
import { Database, databaseOptionsFromEnv } from '@app/database';
import { createLogger, type Logger } from '@app/observability';
import { type Redis } from 'ioredis';
import { type AuthConfig } from '../config/auth.config.js';
import { AUTH_REDIS } from '../config/tokens.js';
import { RedisGuard } from '../redis/redis-guard.js';
import { AUTH_ENTITIES, AUTH_MIGRATIONS } from './auth-schema.js';

export function openAuthDatabase(config: Pick<AuthConfig, 'db'>, logger?: Logger): Promise<Database> {
  return Database.create({
    ...databaseOptionsFromEnv(config.db),
    applicationName: 'auth-service',
    entities: AUTH_ENTITIES,
    migrations: AUTH_MIGRATIONS,
    logger,
  });
}

/** Closes the Redis breaker, the Redis client and the pools last, after the HTTP server has drained. */
@Injectable()
export class StorageLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly db: Database,
    @Inject(AUTH_REDIS) private readonly redis: Redis,
    private readonly redisGuard: RedisGuard,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.redisGuard.shutdown();
    closeRedis(this.redis);
    await this.db.close();
  }
}

export function storageProviders(config: Pick<AuthConfig, 'db' | 'redis'>): Provider[] {
  return [
    { provide: Database, useFactory: () => openAuthDatabase(config, createLogger('database')) },
    { provide: AUTH_REDIS, useFactory: () => createRedis(redisOptionsFromEnv(config.redis), createLogger('redis')) },
    // One breaker in front of every Redis call: the revocation cache and the login throttle share it.
    { provide: RedisGuard, useFactory: () => new RedisGuard(createLogger('auth')) },
    StorageLifecycle,
  ];
}
