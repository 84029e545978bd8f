import { type DynamicModule, Module } from '@nestjs/common';
import { redisOptionsFromEnv } from '@app/cache';
import { Database } from '@app/database';
import { HealthModule } from '@app/health';
import { type Redis } from 'ioredis';

import { BacklogModule } from './backlog/backlog.module.js';
import { paymentSettingsFromEnv, type PaymentConfig } from './config/env.js';
import { StorageModule } from './database/storage.module.js';
import { HealthAliasController } from './health/health-alias.controller.js';
import { paymentHealthDependencies } from './health/payment-health.js';
import { PaymentsModule } from './payments/payments.module.js';
import { PspModule, pspOptionsFromEnv } from './psp/index.js';
import { PAYMENTS_REDIS, ReadRouting } from './reads/read-routing.js';
import { ReconcilerModule } from './reconciler/reconciler.module.js';
import { RefundsModule } from './refunds/refunds.module.js';
import { TokensModule, tokensOptionsFromEnv } from './tokens/index.js';
import { webhookSettingsFromEnv } from './webhooks/webhooks.env.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

export const SERVICE_NAME = 'payment-service';

/** Wiring only: every piece is configured from the loaded environment passed in. */
@Module({})
export class AppModule {
  static forRoot(config: PaymentConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        StorageModule.forRoot({ db: config.db, redis: config.redis, settings: paymentSettingsFromEnv(config.payments) }),
        HealthModule.forRoot({
          service: SERVICE_NAME,
          dependencies: {
            useFactory: (db: Database, redis: Redis) => paymentHealthDependencies(db, redis, config.db.DB_READER_URLS.length > 0),
            inject: [Database, PAYMENTS_REDIS],
          },
        }),
        TokensModule.forRoot({
          tokens: tokensOptionsFromEnv(config.tokens),
          redis: redisOptionsFromEnv(config.redis),
          // One client for token lookups and read routing: a read's two Redis lookups leave in one write.
          sharedCommands: PAYMENTS_REDIS,
          readPrefetch: ReadRouting,
        }),
        // Global here so payments, refunds and the reconciler share one client and its breakers.
        { ...PspModule.forRoot(pspOptionsFromEnv(config.psp)), global: true },
        PaymentsModule,
        ReconcilerModule,
        RefundsModule,
        WebhooksModule.forRoot(webhookSettingsFromEnv(config.webhooks)),
        BacklogModule,
      ],
      controllers: [HealthAliasController],
    };
  }
}
