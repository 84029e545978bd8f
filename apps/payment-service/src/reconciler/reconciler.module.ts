import { Module } from '@nestjs/common';

import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { PaymentReconciler } from './payment-reconciler.js';

/** Settles payments whose outcome was never learnt; depends on payments/, never the other way. */
@Module({
  imports: [IdempotencyModule, PaymentsModule],
  providers: [PaymentReconciler],
  exports: [PaymentReconciler],
})
export class ReconcilerModule {}
