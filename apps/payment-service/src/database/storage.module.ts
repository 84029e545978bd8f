import { type DynamicModule, Module } from '@nestjs/common';
import { type RedisEnv } from '@app/cache';
import { Database, type DatabaseEnv } from '@app/database';

import { PaymentSettings } from '../config/payment-settings.js';
import { PAYMENTS_REDIS, ReadRouting } from '../reads/read-routing.js';
import { storageProviders } from './storage.providers.js';

export interface StorageModuleOptions {
  db: DatabaseEnv;
  redis: RedisEnv;
  settings: PaymentSettings;
}

/** Global: the database, Redis, this service's settings and the read routing every feature uses. */
@Module({})
export class StorageModule {
  static forRoot(options: StorageModuleOptions): DynamicModule {
    return {
      module: StorageModule,
      global: true,
      providers: [
        ...storageProviders(options.db, options.redis),
        { provide: PaymentSettings, useValue: options.settings },
        ReadRouting,
      ],
      exports: [Database, PAYMENTS_REDIS, PaymentSettings, ReadRouting],
    };
  }
}
