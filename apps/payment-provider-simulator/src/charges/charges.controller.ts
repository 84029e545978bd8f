import { Body, Controller, Get, Headers, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';

import { FaultsInterceptor, ProviderRouteOf } from '../faults/faults.interceptor.js';
import { requireIdempotencyKey } from '../shared/idempotency.store.js';
import { ProviderError } from '../shared/provider.error.js';
import { type Reply } from '../shared/reply.js';
import { Sleeper } from '../shared/sleep.js';
import { type Charge } from './charge.js';
import { ChargesService } from './charges.service.js';
import { CreateChargeDto } from './create-charge.dto.js';

@Controller('charges')
@UseInterceptors(FaultsInterceptor)
export class ChargesController {
  constructor(
    private readonly charges: ChargesService,
    private readonly sleeper: Sleeper,
  ) {}

  @Post()
  @ProviderRouteOf('charges')
  async create(
    @Headers('idempotency-key') key: string | undefined,
    @Body() dto: CreateChargeDto,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<unknown> {
    const answer = this.charges.create(requireIdempotencyKey(key), dto);
    await this.sleeper.sleep(answer.delayMs);
    reply.status(answer.response.status);
    if (answer.replayed) reply.header('idempotent-replayed', 'true');
    return answer.response.body;
  }

  // Lookup by our key: after a timeout the caller has no charge id, only the key it sent.
  @Get()
  @ProviderRouteOf('charge_queries')
  list(@Query('idempotency_key') key: string | undefined): { object: 'list'; data: Charge[] } {
    if (key === undefined || key.length === 0) {
      throw new ProviderError(
        400,
        'invalid_request_error',
        'parameter_missing',
        'idempotency_key is required.',
      );
    }
    return { object: 'list', data: this.charges.findByKey(key) };
  }

  @Get(':id')
  @ProviderRouteOf('charge_queries')
  get(@Param('id') id: string): Charge {
    return this.charges.get(id);
  }
}
