import { Injectable } from '@nestjs/common';
import { Database } from '@app/database';
import { createLogger } from '@app/observability';
import { type EntityManager } from 'typeorm';

import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { type Answer, type Claim, type IdempotentRequest, type StoredResponse } from '../idempotency/idempotency.types.js';
import { runIdempotent, type Started } from '../idempotency/run-idempotent.js';
import { PspClient, PspRejectedError, PspUnavailableError } from '../provider/provider.port.js';
import { ReadRouting } from '../reads/read-routing.js';
import { toPage, type Page } from '../shared/page.js';
import { uuidV7 } from '../shared/uuid-v7.js';
import { type CreatePaymentDto } from './dto/create-payment.dto.js';
import { type PaymentEntity } from './payment.entity.js';
import { type PaymentBody, toPaymentBody } from './payment.presenter.js';
import { type ChargeOutcome, settleCharge } from './charge-settlement.js';
import { PaymentNotFoundError } from './payments.errors.js';
import { PaymentsRepository } from './payments.repository.js';

type Attempt = { claim: Claim; payment: PaymentEntity };

/**
 * Creating a payment, crash-safe (docs/adr/0004-payment-idempotency.md):
 * 1. claim the key and insert the payment as `processing` (one short transaction);
 * 2. call the provider with the payment id as its idempotency key (outside any transaction);
 * 3. settle the payment and complete the key with the answer (one transaction).
 */
@Injectable()
export class PaymentsService {
  private readonly logger = createLogger('payments');

  constructor(
    private readonly db: Database,
    private readonly payments: PaymentsRepository,
    private readonly idempotency: IdempotencyService,
    private readonly psp: PspClient,
    private readonly reads: ReadRouting,
  ) {}

  async create(req: IdempotentRequest, dto: CreatePaymentDto): Promise<Answer> {
    const answer = await runIdempotent<Attempt, ChargeOutcome>(this.db, this.idempotency, req, {
      start: (em, claim) => this.start(em, claim, dto),
      execute: (attempt) => this.charge(attempt),
      finish: (em, attempt, outcome) => this.finish(em, attempt, outcome),
      release: (em, attempt) => this.release(em, attempt),
    });
    await this.reads.noteWrite(req.userId);
    return answer;
  }

  async get(userId: string, id: string): Promise<PaymentBody> {
    const payment = await this.reads.find(userId, (em) => this.payments.findOwn(em, userId, id));
    if (!payment) throw new PaymentNotFoundError();
    return toPaymentBody(payment);
  }

  async list(userId: string, limit: number, startingAfter?: string): Promise<Page<PaymentBody>> {
    const rows = await this.reads.list(userId, (em) => this.payments.listOwn(em, userId, limit + 1, startingAfter));
    const page = toPage(rows, limit);
    return { ...page, data: page.data.map(toPaymentBody) };
  }

  private async start(em: EntityManager, claim: Claim, dto: CreatePaymentDto): Promise<Started<Attempt>> {
    if (claim.reclaimed) {
      // A crashed attempt left its payment behind: continue it, never create a second one.
      const existing = await this.payments.lockByKey(em, claim.userId, claim.key);
      if (existing) {
        return existing.status === 'processing' ? { attempt: { claim, payment: existing } } : { answer: created(existing) };
      }
    }
    const id = uuidV7();
    await this.payments.insertProcessing(em, {
      id,
      userId: claim.userId,
      idempotencyKey: claim.key,
      amount: dto.amount,
      currency: dto.currency,
      paymentMethod: dto.payment_method,
      description: dto.description ?? null,
      metadata: dto.metadata ?? {},
    });
    await this.idempotency.attachResource(em, claim, id);
    const payment = await this.payments.findOwn(em, claim.userId, id);
    if (!payment) throw new Error(`payment ${id} not visible in its own transaction`);
    return { attempt: { claim, payment } };
  }

  private async charge({ payment }: Attempt): Promise<ChargeOutcome> {
    try {
      return await this.psp.charge({
        // Our payment id is the provider's idempotency key: every retry of this payment is one charge.
        idempotencyKey: payment.id,
        amount: payment.amount,
        currency: payment.currency,
        paymentMethod: payment.paymentMethod,
        reference: payment.id,
      });
    } catch (err) {
      // Nothing was sent: runIdempotent releases the claim and the client gets 503 + Retry-After.
      if (err instanceof PspUnavailableError) throw err;
      if (err instanceof PspRejectedError) return { outcome: 'rejected', failureCode: err.providerCode };
      // Sent, or maybe sent: only the provider knows. The payment stays processing for the reconciler.
      this.logger.warn({ payment_id: payment.id, err }, 'charge outcome unknown; left processing');
      return { outcome: 'unknown' };
    }
  }

  private async finish(em: EntityManager, { payment }: Attempt, outcome: ChargeOutcome): Promise<StoredResponse> {
    const current = await this.payments.lockOwn(em, payment.userId, payment.id);
    if (!current) throw new Error(`payment ${payment.id} vanished while in flight`);
    const change = settleCharge(current.status, outcome);
    const settled = change ? await this.payments.update(em, current.id, change) : current;
    return created(settled);
  }

  private async release(em: EntityManager, { claim, payment }: Attempt): Promise<void> {
    // First attempt and the breaker refused before sending: nothing exists anywhere, forget it all.
    // A taken-over attempt may have charged before it crashed: keep the payment for the reconciler.
    if (claim.reclaimed) return this.idempotency.unlock(em, claim);
    await this.payments.delete(em, payment.id);
    await this.idempotency.forget(em, claim);
  }
}

function created(payment: PaymentEntity): StoredResponse {
  return { status: 201, body: toPaymentBody(payment) };
}
