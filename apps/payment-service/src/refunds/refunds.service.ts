import { Injectable } from '@nestjs/common';
import { Database } from '@app/database';
import { createLogger } from '@app/observability';
import { type EntityManager } from 'typeorm';

import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { type Answer, type Claim, type IdempotentRequest, type StoredResponse } from '../idempotency/idempotency.types.js';
import { runIdempotent, type Started } from '../idempotency/run-idempotent.js';
import { type PaymentEntity } from '../payments/payment.entity.js';
import { hasCaptured } from '../payments/payment-status.js';
import { PaymentNotFoundError } from '../payments/payments.errors.js';
import { PaymentSettlement } from '../payments/payment-settlement.js';
import { PspClient, PspRejectedError, PspUnavailableError } from '../provider/provider.port.js';
import { ReadRouting } from '../reads/read-routing.js';
import { uuidV7 } from '../shared/uuid-v7.js';
import { type CreateRefundDto } from './dto/create-refund.dto.js';
import { refundAmount } from './refund-amount.js';
import { type RefundEntity } from './refund.entity.js';
import { type RefundBody, refundCreated, toRefundBody } from './refund.presenter.js';
import { type RefundOutcome, settleRefund } from './refund-settlement.js';
import { PaymentNotRefundableError, RefundNotFoundError } from './refunds.errors.js';
import { RefundsRepository } from './refunds.repository.js';

type Attempt = { claim: Claim; refund: RefundEntity; chargeId: string };

/**
 * Refunds follow the payment flow (claim → provider → settle) with one addition: the refund is
 * reserved under `SELECT … FOR UPDATE` on the payment row, so concurrent refunds are serialised
 * by the database and their sum can never pass the captured amount.
 */
@Injectable()
export class RefundsService {
  private readonly logger = createLogger('refunds');

  constructor(
    private readonly db: Database,
    private readonly payments: PaymentSettlement,
    private readonly refunds: RefundsRepository,
    private readonly idempotency: IdempotencyService,
    private readonly psp: PspClient,
    private readonly reads: ReadRouting,
  ) {}

  async create(req: IdempotentRequest, paymentId: string, dto: CreateRefundDto): Promise<Answer> {
    const answer = await runIdempotent<Attempt, RefundOutcome>(this.db, this.idempotency, req, {
      start: (em, claim) => this.start(em, claim, paymentId, dto),
      execute: (attempt) => this.refundAtProvider(attempt),
      finish: (em, attempt, outcome) => this.finish(em, attempt, outcome),
      release: (em, attempt) => this.release(em, attempt),
    });
    await this.reads.noteWrite(req.userId);
    return answer;
  }

  async get(userId: string, id: string): Promise<RefundBody> {
    const refund = await this.reads.find(userId, (em) => this.refunds.findOwn(em, userId, id));
    if (!refund) throw new RefundNotFoundError();
    return toRefundBody(refund);
  }

  private async start(em: EntityManager, claim: Claim, paymentId: string, dto: CreateRefundDto): Promise<Started<Attempt>> {
    const payment = await this.payments.lockOwn(em, claim.userId, paymentId);
    if (!payment) throw new PaymentNotFoundError();
    if (claim.reclaimed) {
      const existing = await this.refunds.lockByKey(em, claim.userId, claim.key);
      if (existing) {
        return existing.status === 'pending'
          ? { attempt: attemptOf(claim, existing, payment) }
          : { answer: refundCreated(existing) };
      }
    }
    // A fully refunded payment falls through to refundAmount: "exceeds the captured amount" says more.
    if (!hasCaptured(payment.status) || payment.providerChargeId === null) {
      throw new PaymentNotRefundableError(payment.status);
    }
    const amount = refundAmount(payment.amount, await this.refunds.sumReserved(em, payment.id), dto.amount);
    const refund = await this.refunds.insertPending(em, {
      id: uuidV7(),
      paymentId: payment.id,
      userId: claim.userId,
      idempotencyKey: claim.key,
      amount,
      currency: payment.currency,
    });
    return { attempt: attemptOf(claim, refund, payment) };
  }

  private async refundAtProvider({ refund, chargeId }: Attempt): Promise<RefundOutcome> {
    try {
      // The refund id is the provider's idempotency key: retries of this refund move money once.
      const result = await this.psp.refund({ idempotencyKey: refund.id, chargeId, amount: refund.amount });
      return { outcome: 'succeeded', refundId: result.refundId };
    } catch (err) {
      if (err instanceof PspUnavailableError) throw err;
      if (err instanceof PspRejectedError) return { outcome: 'rejected', failureCode: err.providerCode };
      this.logger.warn({ refund_id: refund.id, err }, 'refund outcome unknown; left pending');
      return { outcome: 'unknown' };
    }
  }

  private async finish(em: EntityManager, { refund }: Attempt, outcome: RefundOutcome): Promise<StoredResponse> {
    // Payment first, then refund: the same lock order as start(), so no deadlock between them.
    const payment = await this.payments.lockOwn(em, refund.userId, refund.paymentId);
    const current = await this.refunds.lockByKey(em, refund.userId, refund.idempotencyKey);
    if (!payment || !current) throw new Error(`refund ${refund.id} or its payment vanished while in flight`);
    const settlement = settleRefund(payment, current, outcome);
    if (!settlement) return refundCreated(current);
    if (settlement.payment) await this.payments.apply(em, payment.id, settlement.payment);
    return refundCreated(await this.refunds.update(em, current.id, settlement.refund));
  }

  private async release(em: EntityManager, { claim, refund }: Attempt): Promise<void> {
    if (claim.reclaimed) return this.idempotency.unlock(em, claim);
    await this.refunds.delete(em, refund.id);
    await this.idempotency.forget(em, claim);
  }
}

function attemptOf(claim: Claim, refund: RefundEntity, payment: PaymentEntity): Attempt {
  return { claim, refund, chargeId: payment.providerChargeId ?? '' };
}
