import { HttpEnv, loadConfig } from '@app/config';
import { RedisEnv } from '@app/cache';
import { DatabaseEnv } from '@app/database';
import { IsInt, Max, Min } from 'class-validator';

import { PspEnv } from '../psp/index.js';
import { TokensEnv } from '../tokens/index.js';
import { WebhooksEnv } from '../webhooks/webhooks.env.js';
import { PaymentSettings } from './payment-settings.js';

/** payment-service's own variables (README.md lists them with their defaults). */
export class PaymentEnv {
  // Well above the longest request (provider timeout 2 s, statement timeout 5 s), short enough that a
  // client of an instance that died gets its key back within its retry budget (chaos instance-loss).
  @IsInt()
  @Min(5)
  IDEMPOTENCY_RECOVERY_SECONDS: number = 15;

  // Never below 24 h: clients are promised a retry window of at least a day (IETF draft, Stripe).
  @IsInt()
  @Min(24)
  IDEMPOTENCY_RETENTION_HOURS: number = 24;

  @IsInt()
  @Min(0)
  IDEMPOTENCY_PURGE_INTERVAL_MS: number = 3_600_000;

  /** 0 disables this replica's reconciler (the other one still runs it). */
  @IsInt()
  @Min(0)
  RECONCILER_INTERVAL_MS: number = 5_000;

  @IsInt()
  @Min(1)
  RECONCILER_MIN_AGE_SECONDS: number = 30;

  @IsInt()
  @Min(1)
  @Max(1_000)
  RECONCILER_BATCH_SIZE: number = 20;

  @IsInt()
  @Min(0)
  READ_YOUR_WRITES_WINDOW_MS: number = 10_000;
}

export function paymentSettingsFromEnv(env: PaymentEnv): PaymentSettings {
  return new PaymentSettings({
    idempotencyRecoverySeconds: env.IDEMPOTENCY_RECOVERY_SECONDS,
    idempotencyRetentionSeconds: env.IDEMPOTENCY_RETENTION_HOURS * 3_600,
    idempotencyPurgeIntervalMs: env.IDEMPOTENCY_PURGE_INTERVAL_MS,
    reconcilerIntervalMs: env.RECONCILER_INTERVAL_MS,
    reconcilerMinAgeSeconds: env.RECONCILER_MIN_AGE_SECONDS,
    reconcilerBatchSize: env.RECONCILER_BATCH_SIZE,
    readYourWritesWindowMs: env.READ_YOUR_WRITES_WINDOW_MS,
  });
}

export const PAYMENT_ENV_SECTIONS = {
  http: HttpEnv,
  db: DatabaseEnv,
  redis: RedisEnv,
  psp: PspEnv,
  tokens: TokensEnv,
  payments: PaymentEnv,
  webhooks: WebhooksEnv,
};

export function loadPaymentConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(PAYMENT_ENV_SECTIONS, env);
}

export type PaymentConfig = ReturnType<typeof loadPaymentConfig>;
