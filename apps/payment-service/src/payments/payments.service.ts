import { Injectable } from '@nestjs/common';
import { Database } from '@app/database';
import { createLogger } from '@app/observability';
import { type EntityManager } from 'typeorm';

import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { type Answer, type Claim, type IdempotentRequest, type StoredResponse } from '../idempotency/idempotency.types.js';
import { type OneStatementFinish, runIdempotent, type Started } from '../idempotency/run-idempotent.js';
import { PspClient, PspRejectedError, PspUnavailableError } from '../provider/provider.port.js';
import { ReadRouting } from '../reads/read-routing.js';
import { toPage, type Page } from '../shared/page.js';
import { uuidV7 } from '../shared/uuid-v7.js';
import { type CreatePaymentDto } from './dto/create-payment.dto.js';
import { type PaymentEntity } from './payment.entity.js';
import { paymentOutcomes } from './payment-metrics.js';
import { type PaymentBody, paymentCreated, toPaymentBody } from './payment.presenter.js';
import { type ChargeOutcome, settleCharge } from './charge-settlement.js';
import { PaymentNotFoundError } from './payments.errors.js';
import { type NewPayment, PaymentsRepository } from './payments.repository.js';

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
      startWithNewKey: (em, claim) => this.startWithNewKey(em, claim, dto),
      start: (em, claim) => this.start(em, claim, dto),
      execute: (attempt) => this.charge(attempt),
      finishInOneStatement: (attempt, outcome, firstParam) => this.finishInOneStatement(attempt, outcome, firstParam),
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
        return existing.status === 'processing' ? { attempt: { claim, payment: existing } } : { answer: paymentCreated(existing) };
      }
    }
    const payment = await this.payments.insertProcessing(em, newPayment(claim, dto));
    return { attempt: { claim, payment } };
  }

  // The usual case, a new key: claimed and the payment inserted in one statement and one commit.
  private async startWithNewKey(em: EntityManager, claim: Claim, dto: CreatePaymentDto): Promise<Attempt | undefined> {
    const payment = newPayment(claim, dto);
    const rows = await this.idempotency.insertWithNewKey<object>(em, claim, payment.id, this.payments.processingInsertAfterClaim(em, payment));
    const [inserted] = this.payments.toEntities(em, rows);
    return inserted ? { claim, payment: inserted } : undefined;
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

  // The usual case: the provider answered and nobody settled the payment meanwhile.
  private finishInOneStatement({ payment }: Attempt, outcome: ChargeOutcome, firstParam: number): OneStatementFinish | undefined {
    const change = settleCharge('processing', outcome);
    if (!change) return undefined;
    const { settled, part } = this.payments.settleOnceClaimed(payment, change, firstParam);
    return { answer: paymentCreated(settled), change: part, committed: () => paymentOutcomes.inc({ status: settled.status }) };
  }

  private async finish(em: EntityManager, { payment }: Attempt, outcome: ChargeOutcome): Promise<StoredResponse> {
    // Still processing (nearly always): settle it in one conditional UPDATE instead of lock, UPDATE, re-read.
    const change = settleCharge('processing', outcome);
    const settled = change && (await this.payments.updateIfStatus(em, payment.id, 'processing', change));
    if (settled) return paymentCreated(settled);
    // Settled meanwhile by the provider's webhook or the reconciler: decide from what it is now.
    const current = await this.payments.lockOwn(em, payment.userId, payment.id);
    if (!current) throw new Error(`payment ${payment.id} vanished while in flight`);
    const lateChange = settleCharge(current.status, outcome);
    return paymentCreated(lateChange ? await this.payments.update(em, current.id, lateChange) : current);
  }

  private async release(em: EntityManager, { claim, payment }: Attempt): Promise<void> {
    // First attempt and the breaker refused before sending: nothing exists anywhere, forget it all.
    // A taken-over attempt may have charged before it crashed: keep the payment for the reconciler.
    if (claim.reclaimed) return this.idempotency.unlock(em, claim);
    await this.payments.delete(em, payment.id);
    await this.idempotency.forget(em, claim);
  }
}

function newPayment(claim: Claim, dto: CreatePaymentDto): NewPayment {
  return {
    id: uuidV7(),
    userId: claim.userId,
    idempotencyKey: claim.key,
    amount: dto.amount,
    currency: dto.currency,
    paymentMethod: dto.payment_method,
    description: dto.description ?? null,
    metadata: dto.metadata ?? {},
  };
}
