import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { canTransition, PAYMENT_STATUSES } from './payment-status.js';
import { type PaymentEntity } from './payment.entity.js';
import { type PaymentChange, PaymentsRepository } from './payments.repository.js';

export { type PaymentChange } from './payments.repository.js';

/** Statuses that no provider payment event can move on (payment-status.ts): such an event is only recorded. */
export const SETTLED_FOR_PROVIDER_EVENTS = PAYMENT_STATUSES.filter(
  (status) => !canTransition(status, 'succeeded') && !canTransition(status, 'failed'),
);

/**
 * The settlement port of payments/: the few operations the reconciler, refunds and inbound
 * provider webhooks need to move a payment on. They depend on this, never on the repository, so
 * the payments table stays this folder's own (docs/adr/0007-one-module-shape.md).
 * Every call runs in the caller's primary transaction `em`.
 */
@Injectable()
export class PaymentSettlement {
  constructor(private readonly payments: PaymentsRepository) {}

  /** The payment row-locked until `em` ends; null if there is none. */
  lock(em: EntityManager, id: string): Promise<PaymentEntity | null> {
    return this.payments.lock(em, id);
  }

  /** As lock, and only if `userId` owns it. */
  lockOwn(em: EntityManager, userId: string, id: string): Promise<PaymentEntity | null> {
    return this.payments.lockOwn(em, userId, id);
  }

  /** Payments still processing whose outcome nobody is waiting for (PaymentsRepository.lockStaleProcessing). */
  lockStaleProcessing(em: EntityManager, minAgeSeconds: number, recoverySeconds: number, limit: number): Promise<PaymentEntity[]> {
    return this.payments.lockStaleProcessing(em, minAgeSeconds, recoverySeconds, limit);
  }

  /**
   * SQL for another table's one-statement fast path: selects `status` of payment `$<idParam>` if it
   * is one of `$<statusesParam>` (pass SETTLED_FOR_PROVIDER_EVENTS). No lock: a settled payment never
   * returns to processing, so what it reads stays true.
   */
  settledStatusSql(idParam: number, statusesParam: number): string {
    return `SELECT status FROM payments WHERE id = $${idParam}::uuid AND status = ANY ($${statusesParam}::text[])`;
  }

  /** Applies a change decided under the lock; a status change writes its outbox event in `em`. */
  apply(em: EntityManager, id: string, change: PaymentChange): Promise<PaymentEntity> {
    return this.payments.update(em, id, change);
  }
}
