import { SVIX_SCHEDULE_SECONDS } from './outbound/retry-schedule.js';
import { type TargetPolicy } from './ssrf/target-policy.js';

/** Webhook tunables, resolved from WebhooksEnv (webhooks.env.ts); injected by class. */
export class WebhookSettings {
  /** KEY_ENCRYPTION_KEY first, then the previous keys still accepted during a rotation. */
  keyEncryptionKeys: string[] = [];
  pspSecret?: string;
  /** Inbound signatures older or newer than this are refused (Stripe's and Standard Webhooks' 300 s). */
  pspToleranceSeconds = 300;
  /** Received provider event ids are kept at least this long: the provider retries for 3 days. */
  pspRetentionSeconds = 72 * 3_600;
  /** Delivered outbox events are kept this long (merchants may ask support about them). */
  outboxRetentionSeconds = 30 * 86_400;
  purgeIntervalMs = 3_600_000;
  /** Delay before each attempt (the first is usually 0); its length is the number of attempts. */
  retryScheduleMs: number[] = SVIX_SCHEDULE_SECONDS.map((seconds) => seconds * 1_000);
  deliveryTimeoutMs = 15_000;
  relayIntervalMs = 1_000;
  relayBatchSize = 10;
  breakerResetMs = 30_000;
  targets: TargetPolicy = { allowPrivate: false, allowHttp: false };

  constructor(overrides: Partial<WebhookSettings> = {}) {
    Object.assign(this, overrides);
  }
}
