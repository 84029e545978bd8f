import { Body, Controller, Get, Headers, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { AuthGuard, CurrentUser, type PaymentUser } from '../auth/auth.port.js';
import { pathOf, type ReplyLike, type RequestLike, sendAnswer } from '../http/answer.reply.js';
import { ApiIdempotent } from '../http/idempotency-key.header.js';
import { UuidOrNotFoundPipe } from '../http/uuid-or-not-found.pipe.js';
import { parseIdempotencyKey } from '../idempotency/idempotency-key.js';
import { requestFingerprint } from '../idempotency/request-fingerprint.js';
import { PaymentNotFoundError } from '../payments/payments.errors.js';
import { CreateRefundDto } from './dto/create-refund.dto.js';
import { RefundResponse } from './dto/refund.response.js';
import { type RefundBody } from './refund.presenter.js';
import { RefundNotFoundError } from './refunds.errors.js';
import { RefundsService } from './refunds.service.js';

@ApiTags('refunds')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller()
export class RefundsController {
  constructor(private readonly refunds: RefundsService) {}

  @Post('payments/:id/refunds')
  @ApiIdempotent()
  @ApiCreatedResponse({ type: RefundResponse })
  @ApiConflictResponse({ description: 'The refund would exceed the captured amount, or the payment is not refundable' })
  @ApiNotFoundResponse({ description: 'No such payment for this user' })
  async create(
    @CurrentUser() user: PaymentUser,
    @Param('id', new UuidOrNotFoundPipe(() => new PaymentNotFoundError())) paymentId: string,
    @Headers('idempotency-key') keyHeader: string | undefined,
    @Body() dto: CreateRefundDto,
    @Req() req: RequestLike,
    @Res() reply: ReplyLike,
  ): Promise<void> {
    const key = parseIdempotencyKey(keyHeader);
    const fingerprint = requestFingerprint(req.method, pathOf(req.url), req.body);
    sendAnswer(reply, await this.refunds.create({ userId: user.id, key, fingerprint }, paymentId, dto));
  }

  @Get('refunds/:id')
  @ApiOkResponse({ type: RefundResponse })
  @ApiNotFoundResponse({ description: 'No such refund for this user' })
  get(
    @CurrentUser() user: PaymentUser,
    @Param('id', new UuidOrNotFoundPipe(() => new RefundNotFoundError())) id: string,
  ): Promise<RefundBody> {
    return this.refunds.get(user.id, id);
  }
}
