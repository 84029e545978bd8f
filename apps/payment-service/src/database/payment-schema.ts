import { IdempotencyRecordEntity } from '../idempotency/idempotency-record.entity.js';
import { CreatePayments1763780000000 } from '../migrations/1763780000000-create-payments.js';
import { CreateWebhooks1763790000000 } from '../migrations/1763790000000-create-webhooks.js';
import { StoreResponseBytes1764800000000 } from '../migrations/1764800000000-store-response-bytes.js';
import { TraceWebhookEvents1764950000000 } from '../migrations/1764950000000-trace-webhook-events.js';
import { PaymentEntity } from '../payments/payment.entity.js';
import { RefundEntity } from '../refunds/refund.entity.js';

// The one list of what this service stores; app, migrate CLI and tests all use it.
export const PAYMENT_ENTITIES = [PaymentEntity, RefundEntity, IdempotencyRecordEntity];
export const PAYMENT_MIGRATIONS = [
  CreatePayments1763780000000,
  CreateWebhooks1763790000000,
  StoreResponseBytes1764800000000,
  TraceWebhookEvents1764950000000,
];
