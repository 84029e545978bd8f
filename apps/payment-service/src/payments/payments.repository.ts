import { Injectable } from '@nestjs/common';
import { type EntityManager, LessThan } from 'typeorm';

import { execute } from '../shared/sql.js';
import { recordPaymentEvent } from '../webhooks/outbound/outbox.writer.js';
import { PaymentEntity } from './payment.entity.js';

export type NewPayment = Pick<
  PaymentEntity,
  'id' | 'userId' | 'idempotencyKey' | 'amount' | 'currency' | 'paymentMethod' | 'description' | 'metadata'
>;

export type PaymentChange = Partial<Pick<PaymentEntity, 'status' | 'failureCode' | 'providerChargeId' | 'amountRefunded'>>;

// Which node a statement runs on is the caller's choice: `em` comes from db.transaction (primary)
// or db.read (replica, falling back to the primary).
@Injectable()
export class PaymentsRepository {
  async insertProcessing(em: EntityManager, payment: NewPayment): Promise<void> {
    await em.insert(PaymentEntity, {
      ...payment,
      status: 'processing',
      amountRefunded: 0,
      createdAt: () => 'now()',
      updatedAt: () => 'now()',
    });
  }

  findOwn(em: EntityManager, userId: string, id: string): Promise<PaymentEntity | null> {
    return em.getRepository(PaymentEntity).findOneBy({ id, userId });
  }

  lockOwn(em: EntityManager, userId: string, id: string): Promise<PaymentEntity | null> {
    return em.getRepository(PaymentEntity).findOne({ where: { id, userId }, lock: { mode: 'pessimistic_write' } });
  }

  lockByKey(em: EntityManager, userId: string, idempotencyKey: string): Promise<PaymentEntity | null> {
    return em
      .getRepository(PaymentEntity)
      .findOne({ where: { userId, idempotencyKey }, lock: { mode: 'pessimistic_write' } });
  }

  /** Newest first; ids are UUIDv7, so id order is creation order and the cursor is the last id seen. */
  listOwn(em: EntityManager, userId: string, limit: number, startingAfter?: string): Promise<PaymentEntity[]> {
    return em.getRepository(PaymentEntity).find({
      where: startingAfter ? { userId, id: LessThan(startingAfter) } : { userId },
      order: { id: 'DESC' },
      take: limit,
    });
  }

  async update(em: EntityManager, id: string, change: PaymentChange): Promise<PaymentEntity> {
    await em.update(PaymentEntity, { id }, { ...change, updatedAt: () => 'now()' });
    const updated = await em.getRepository(PaymentEntity).findOneByOrFail({ id });
    // Transactional outbox: every status change writes its merchant webhook event in this same transaction.
    if (change.status !== undefined) await recordPaymentEvent(em, updated);
    return updated;
  }

  async delete(em: EntityManager, id: string): Promise<void> {
    await em.delete(PaymentEntity, { id, status: 'processing' });
  }

  /**
   * Locks up to `limit` payments still `processing`, untouched for `minAgeSeconds` and not owned
   * by a live request (an in-flight idempotency claim younger than `recoverySeconds`). Rows another
   * replica's reconciler holds are skipped, so every replica can run the reconciler at once.
   */
  async lockStaleProcessing(
    em: EntityManager,
    minAgeSeconds: number,
    recoverySeconds: number,
    limit: number,
  ): Promise<PaymentEntity[]> {
    const { rows } = await execute<{ id: string }>(
      em,
      `SELECT p.id FROM payments p
       WHERE p.status = 'processing' AND p.updated_at < now() - make_interval(secs => $1)
         AND NOT EXISTS (
           SELECT 1 FROM idempotency_keys k
           WHERE k.user_id = p.user_id AND k.key = p.idempotency_key
             AND k.status = 'in_flight' AND k.locked_at >= now() - make_interval(secs => $2))
       ORDER BY p.updated_at
       LIMIT $3
       FOR UPDATE OF p SKIP LOCKED`,
      [minAgeSeconds, recoverySeconds, limit],
    );
    if (rows.length === 0) return [];
    return em.getRepository(PaymentEntity).find({ where: rows.map(({ id }) => ({ id })), order: { updatedAt: 'ASC' } });
  }
}
