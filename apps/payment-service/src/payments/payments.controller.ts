import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { AuthGuard, CurrentUser, type PaymentUser } from '../auth/auth.port.js';
import { pathOf, type ReplyLike, type RequestLike, sendAnswer } from '../http/answer.reply.js';
import { ApiIdempotent } from '../http/idempotency-key.header.js';
import { UuidOrNotFoundPipe } from '../http/uuid-or-not-found.pipe.js';
import { parseIdempotencyKey } from '../idempotency/idempotency-key.js';
import { requestFingerprint } from '../idempotency/request-fingerprint.js';
import { type Page } from '../shared/page.js';
import { CreatePaymentDto } from './dto/create-payment.dto.js';
import { ListPaymentsQuery } from './dto/list-payments.query.js';
import { PaymentListResponse, PaymentResponse } from './dto/payment.response.js';
import { type PaymentBody } from './payment.presenter.js';
import { PaymentNotFoundError } from './payments.errors.js';
import { PaymentsService } from './payments.service.js';

@ApiTags('payments')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post()
  @ApiIdempotent()
  @ApiCreatedResponse({ type: PaymentResponse, description: 'Created; a decline is 201 with status failed' })
  async create(
    @CurrentUser() user: PaymentUser,
    @Headers('idempotency-key') keyHeader: string | undefined,
    @Body() dto: CreatePaymentDto,
    @Req() req: RequestLike,
    @Res() reply: ReplyLike,
  ): Promise<void> {
    const key = parseIdempotencyKey(keyHeader);
    const fingerprint = requestFingerprint(req.method, pathOf(req.url), req.body);
    sendAnswer(reply, await this.payments.create({ userId: user.id, key, fingerprint }, dto));
  }

  @Get()
  @ApiOkResponse({ type: PaymentListResponse })
  list(@CurrentUser() user: PaymentUser, @Query() query: ListPaymentsQuery): Promise<Page<PaymentBody>> {
    return this.payments.list(user.id, query.limit, query.starting_after);
  }

  @Get(':id')
  @ApiOkResponse({ type: PaymentResponse })
  @ApiNotFoundResponse({ description: 'No such payment for this user (another user’s payment is also 404)' })
  get(
    @CurrentUser() user: PaymentUser,
    @Param('id', new UuidOrNotFoundPipe(() => new PaymentNotFoundError())) id: string,
  ): Promise<PaymentBody> {
    return this.payments.get(user.id, id);
  }
}
