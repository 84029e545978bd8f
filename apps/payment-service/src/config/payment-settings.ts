/** This service's own tunables, resolved from PaymentEnv (config/env.ts); injected by class. */
export class PaymentSettings {
  /** An in-flight idempotency claim silent this long is presumed crashed and may be re-claimed. */
  idempotencyRecoverySeconds = 60;
  /** Finished idempotency records are kept at least this long (IETF draft, Stripe: ≥ 24 h). */
  idempotencyRetentionSeconds = 24 * 3_600;
  idempotencyPurgeIntervalMs = 3_600_000;
  reconcilerIntervalMs = 5_000;
  /** Only payments untouched this long are reconciled, so a live request is never raced. */
  reconcilerMinAgeSeconds = 30;
  reconcilerBatchSize = 20;
  /** After a user's write, that user's reads go to the primary for this long (replica lag bound). */
  readYourWritesWindowMs = 10_000;

  constructor(overrides: Partial<PaymentSettings> = {}) {
    Object.assign(this, overrides);
  }
}
