import { BooleanString } from '@app/config';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

import { SVIX_SCHEDULE_SECONDS } from './outbound/retry-schedule.js';
import { WebhookSettings } from './webhook-settings.js';

/** Webhook variables (README.md lists them with their defaults). */
export class WebhooksEnv {
  /** Base64 of 32 random bytes; seals merchant webhook secrets at rest (ADR 0008). */
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be 32 bytes, base64-encoded' })
  KEY_ENCRYPTION_KEY: string;

  /** During a rotation only: the keys before KEY_ENCRYPTION_KEY, comma-separated, still accepted to open. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsArray()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { each: true, message: 'must be 32-byte keys, base64-encoded, comma-separated' })
  KEY_ENCRYPTION_KEY_PREVIOUS: string[] = [];

  /** Shared with the provider; signs `Psp-Signature`. Unset: every inbound webhook is refused. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  PSP_WEBHOOK_SECRET?: string;

  @IsInt()
  @Min(1)
  @Max(3_600)
  PSP_WEBHOOK_TOLERANCE_SECONDS: number = 300;

  // Never below 72 h: the provider retries for up to 3 days, and each retry is freshly signed.
  @IsInt()
  @Min(72)
  PSP_WEBHOOK_RETENTION_HOURS: number = 72;

  @IsInt()
  @Min(1)
  WEBHOOK_EVENT_RETENTION_DAYS: number = 30;

  /** Purges expired provider event ids and delivered outbox events; 0 disables it on this replica. */
  @IsInt()
  @Min(0)
  WEBHOOK_PURGE_INTERVAL_MS: number = 3_600_000;

  /** Delay before attempt n+1, in seconds; its length is the number of attempts. */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map(Number) : value,
  )
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsNumber({}, { each: true })
  @Min(0, { each: true })
  WEBHOOK_RETRY_SCHEDULE: number[] = [...SVIX_SCHEDULE_SECONDS];

  /** Multiplies every delay: tests and demos run the real schedule in milliseconds. */
  @IsNumber()
  @Min(0)
  @Max(1)
  WEBHOOK_RETRY_TIME_SCALE: number = 1;

  @IsInt()
  @Min(100)
  @Max(30_000)
  WEBHOOK_DELIVERY_TIMEOUT_MS: number = 15_000;

  /** 0 disables this replica's relay (the other one still delivers). */
  @IsInt()
  @Min(0)
  WEBHOOK_RELAY_INTERVAL_MS: number = 1_000;

  @IsInt()
  @Min(1)
  @Max(100)
  WEBHOOK_RELAY_BATCH_SIZE: number = 10;

  @IsInt()
  @Min(100)
  WEBHOOK_BREAKER_RESET_MS: number = 30_000;

  @BooleanString()
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_TARGETS: boolean = false;

  @BooleanString()
  @IsBoolean()
  WEBHOOK_ALLOW_HTTP: boolean = false;
}

export function webhookSettingsFromEnv(env: WebhooksEnv): WebhookSettings {
  const scale = env.WEBHOOK_RETRY_TIME_SCALE;
  return new WebhookSettings({
    keyEncryptionKeys: [env.KEY_ENCRYPTION_KEY, ...env.KEY_ENCRYPTION_KEY_PREVIOUS],
    pspSecret: env.PSP_WEBHOOK_SECRET,
    pspToleranceSeconds: env.PSP_WEBHOOK_TOLERANCE_SECONDS,
    pspRetentionSeconds: env.PSP_WEBHOOK_RETENTION_HOURS * 3_600,
    outboxRetentionSeconds: env.WEBHOOK_EVENT_RETENTION_DAYS * 86_400,
    purgeIntervalMs: env.WEBHOOK_PURGE_INTERVAL_MS,
    retryScheduleMs: env.WEBHOOK_RETRY_SCHEDULE.map((seconds) => Math.round(seconds * 1_000 * scale)),
    deliveryTimeoutMs: env.WEBHOOK_DELIVERY_TIMEOUT_MS,
    relayIntervalMs: env.WEBHOOK_RELAY_INTERVAL_MS,
    relayBatchSize: env.WEBHOOK_RELAY_BATCH_SIZE,
    breakerResetMs: env.WEBHOOK_BREAKER_RESET_MS,
    targets: { allowPrivate: env.WEBHOOK_ALLOW_PRIVATE_TARGETS, allowHttp: env.WEBHOOK_ALLOW_HTTP },
  });
}
