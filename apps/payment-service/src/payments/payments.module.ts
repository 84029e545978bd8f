import { Module } from '@nestjs/common';

import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { PaymentReconciler } from '../reconciler/payment-reconciler.js';
import { PaymentsController } from './payments.controller.js';
import { PaymentsRepository } from './payments.repository.js';
import { PaymentsService } from './payments.service.js';

@Module({
  imports: [IdempotencyModule],
  controllers: [PaymentsController],
  providers: [PaymentsRepository, PaymentsService, PaymentReconciler],
  exports: [PaymentsRepository, PaymentReconciler],
})
export class PaymentsModule {}
