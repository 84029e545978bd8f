import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { type PaymentEntity } from './payment.entity.js';
import { type PaymentChange, PaymentsRepository } from './payments.repository.js';

export { type PaymentChange } from './payments.repository.js';

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

  /** Applies a change decided under the lock; a status change writes its outbox event in `em`. */
  apply(em: EntityManager, id: string, change: PaymentChange): Promise<PaymentEntity> {
    return this.payments.update(em, id, change);
  }
}
