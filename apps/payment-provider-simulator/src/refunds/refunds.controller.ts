import { Body, Controller, Headers, Post, Res, UseInterceptors } from '@nestjs/common';

import { FaultsInterceptor, ProviderRouteOf } from '../faults/faults.interceptor.js';
import { requireIdempotencyKey } from '../shared/idempotency.store.js';
import { type Reply } from '../shared/reply.js';
import { CreateRefundDto } from './create-refund.dto.js';
import { RefundsService } from './refunds.service.js';

@Controller('refunds')
@UseInterceptors(FaultsInterceptor)
export class RefundsController {
  constructor(private readonly refunds: RefundsService) {}

  @Post()
  @ProviderRouteOf('refunds')
  create(
    @Headers('idempotency-key') key: string | undefined,
    @Body() dto: CreateRefundDto,
    @Res({ passthrough: true }) reply: Reply,
  ): unknown {
    const answer = this.refunds.create(requireIdempotencyKey(key), dto);
    reply.status(answer.response.status);
    if (answer.replayed) reply.header('idempotent-replayed', 'true');
    return answer.response.body;
  }
}
