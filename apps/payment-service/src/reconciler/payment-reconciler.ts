import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Database } from '@app/database';
import { createLogger } from '@app/observability';
import { type EntityManager } from 'typeorm';

import { PaymentSettings } from '../config/payment-settings.js';
import { IdempotencyRepository } from '../idempotency/idempotency.repository.js';
import { type ChargeOutcome, settleCharge } from '../payments/charge-settlement.js';
import { type PaymentEntity } from '../payments/payment.entity.js';
import { paymentCreated } from '../payments/payment.presenter.js';
import { canTransition } from '../payments/payment-status.js';
import { PaymentSettlement } from '../payments/payment-settlement.js';
import { PspClient } from '../provider/provider.port.js';
import { IntervalJob } from '../shared/interval-job.js';

/** failure_code of a payment the provider has no charge for: nothing was taken. */
export const NO_CHARGE_AT_PROVIDER = 'provider_no_charge';

export type ReconcileResult = 'settled' | 'skipped' | 'provider-unreachable' | 'none';

/**
 * Settles `processing` payments whose outcome was never learnt (timeout, crash) by asking the
 * provider for the charge made with the payment's id as idempotency key. Runs on every replica:
 * each payment is handled in its own short transaction holding its row with FOR UPDATE SKIP
 * LOCKED, so two reconcilers (or a reconciler and a retry) never settle the same payment twice.
 */
@Injectable()
export class PaymentReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = createLogger('payment-reconciler');
  private readonly job: IntervalJob;

  constructor(
    private readonly db: Database,
    private readonly payments: PaymentSettlement,
    private readonly records: IdempotencyRepository,
    private readonly psp: PspClient,
    private readonly settings: PaymentSettings,
  ) {
    this.job = new IntervalJob('payment-reconciler', settings.reconcilerIntervalMs, () => this.reconcileBatch(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** Up to one batch; stops early when nothing is left or the provider cannot be reached. */
  async reconcileBatch(): Promise<number> {
    let settled = 0;
    for (let i = 0; i < this.settings.reconcilerBatchSize; i += 1) {
      const result = await this.db.transaction((em) => this.reconcileOne(em));
      if (result === 'settled') settled += 1;
      if (result === 'none' || result === 'provider-unreachable') break;
    }
    if (settled > 0) this.logger.info({ settled }, 'reconciled processing payments');
    return settled;
  }

  private async reconcileOne(em: EntityManager): Promise<ReconcileResult> {
    const { reconcilerMinAgeSeconds, idempotencyRecoverySeconds } = this.settings;
    const [payment] = await this.payments.lockStaleProcessing(em, reconcilerMinAgeSeconds, idempotencyRecoverySeconds, 1);
    if (!payment) return 'none';
    // Re-checked under lock: a retry may have taken the key over since the payment was picked.
    const key = await this.records.lockUnlessLive(em, payment.userId, payment.idempotencyKey, idempotencyRecoverySeconds);
    if (key.state === 'live') return 'skipped';

    let outcome: ChargeOutcome | null;
    try {
      outcome = await this.psp.findChargeByKey(payment.id);
    } catch (err) {
      this.logger.warn({ payment_id: payment.id, err }, 'provider unreachable; payment stays processing');
      return 'provider-unreachable';
    }

    const settled = await this.settle(em, payment, outcome);
    // A client that never got an answer (its request crashed) gets this one when it retries.
    if (key.state === 'idle' && key.record.status === 'in_flight') {
      await this.records.complete(em, key.record, paymentCreated(settled));
    }
    this.logger.info({ payment_id: payment.id, status: settled.status }, 'payment reconciled');
    return 'settled';
  }

  private async settle(em: EntityManager, payment: PaymentEntity, outcome: ChargeOutcome | null): Promise<PaymentEntity> {
    // Past the minimum age the provider has long answered any request we sent: no charge means none was made.
    const change =
      outcome === null
        ? canTransition(payment.status, 'failed')
          ? { status: 'failed' as const, failureCode: NO_CHARGE_AT_PROVIDER }
          : undefined
        : settleCharge(payment.status, outcome);
    return change ? this.payments.apply(em, payment.id, change) : payment;
  }
}
