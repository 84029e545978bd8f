import { type DynamicModule, Module } from '@nestjs/common';
import { Database } from '@app/database';
import { type AuthConfig } from '../config/auth.config.js';
import { AUTH_CONFIG, AUTH_REDIS } from '../config/tokens.js';
import { RedisGuard } from '../redis/redis-guard.js';
import { storageProviders } from './storage.providers.js';

/** Global: the loaded configuration, the database, Redis and its breaker every feature uses. */
@Module({})
export class StorageModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: StorageModule,
      global: true,
      providers: [{ provide: AUTH_CONFIG, useValue: config }, ...storageProviders(config)],
      exports: [AUTH_CONFIG, Database, AUTH_REDIS, RedisGuard],
    };
  }
}
