import { Module } from '@nestjs/common';

import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { PaymentSettlement } from './payment-settlement.js';
import { PaymentsController } from './payments.controller.js';
import { PaymentsRepository } from './payments.repository.js';
import { PaymentsService } from './payments.service.js';

/** Exports only its settlement port: the reconciler, refunds and inbound webhooks settle through it. */
@Module({
  imports: [IdempotencyModule],
  controllers: [PaymentsController],
  providers: [PaymentsRepository, PaymentsService, PaymentSettlement],
  exports: [PaymentSettlement],
})
export class PaymentsModule {}
