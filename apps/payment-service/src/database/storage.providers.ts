import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { closeRedis, createRedis, type RedisEnv, redisOptionsFromEnv } from '@app/cache';
import { Database, type DatabaseEnv, databaseOptionsFromEnv } from '@app/database';
import { type Redis } from 'ioredis';

import { PAYMENTS_REDIS } from '../reads/read-routing.js';
import { PAYMENT_ENTITIES, PAYMENT_MIGRATIONS } from './payment-schema.js';

export function openPaymentDatabase(env: DatabaseEnv): Promise<Database> {
  return Database.create({
    ...databaseOptionsFromEnv(env),
    entities: PAYMENT_ENTITIES,
    migrations: PAYMENT_MIGRATIONS,
    applicationName: 'payment-service',
  });
}

/** Closes the pools and the Redis client last, after the HTTP server has drained. */
@Injectable()
export class StorageLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly db: Database,
    @Inject(PAYMENTS_REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    closeRedis(this.redis);
    await this.db.close();
  }
}

export function storageProviders(db: DatabaseEnv, redis: RedisEnv): Provider[] {
  return [
    { provide: Database, useFactory: () => openPaymentDatabase(db) },
    { provide: PAYMENTS_REDIS, useFactory: () => createRedis(redisOptionsFromEnv(redis)) },
    StorageLifecycle,
  ];
}
