import { Module } from '@nestjs/common';

import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { RefundsController } from './refunds.controller.js';
import { RefundsRepository } from './refunds.repository.js';
import { RefundsService } from './refunds.service.js';

@Module({
  imports: [IdempotencyModule, PaymentsModule],
  controllers: [RefundsController],
  providers: [RefundsRepository, RefundsService],
})
export class RefundsModule {}
