import { Injectable } from '@nestjs/common';
import { insertReturning, updateReturning } from '@app/database';
import { type EntityManager } from 'typeorm';

import { execute } from '../shared/sql.js';
import { recordRefundEvent } from '../webhooks/outbound/outbox.writer.js';
import { RefundEntity } from './refund.entity.js';

export type NewRefund = Pick<RefundEntity, 'id' | 'paymentId' | 'userId' | 'idempotencyKey' | 'amount' | 'currency'>;
export type RefundChange = Partial<Pick<RefundEntity, 'status' | 'failureCode' | 'providerRefundId'>>;

@Injectable()
export class RefundsRepository {
  /** The new row as stored, in the INSERT's own round trip. */
  insertPending(em: EntityManager, refund: NewRefund): Promise<RefundEntity> {
    return insertReturning(em, RefundEntity, {
      ...refund,
      status: 'pending',
      createdAt: () => 'now()',
      updatedAt: () => 'now()',
    });
  }

  findOwn(em: EntityManager, userId: string, id: string): Promise<RefundEntity | null> {
    return em.getRepository(RefundEntity).findOneBy({ id, userId });
  }

  lockByKey(em: EntityManager, userId: string, idempotencyKey: string): Promise<RefundEntity | null> {
    return em
      .getRepository(RefundEntity)
      .findOne({ where: { userId, idempotencyKey }, lock: { mode: 'pessimistic_write' } });
  }

  /** Money already promised back: succeeded refunds and those still waiting for the provider. */
  async sumReserved(em: EntityManager, paymentId: string): Promise<number> {
    const { rows } = await execute<{ reserved: number }>(
      em,
      `SELECT coalesce(sum(amount), 0)::int AS reserved FROM refunds
       WHERE payment_id = $1 AND status IN ('pending', 'succeeded')`,
      [paymentId],
    );
    return rows[0]?.reserved ?? 0;
  }

  async update(em: EntityManager, id: string, change: RefundChange): Promise<RefundEntity> {
    const [updated] = await updateReturning(em, RefundEntity, { id }, { ...change, updatedAt: () => 'now()' });
    if (!updated) throw new Error(`refund ${id} not found for update`);
    // Transactional outbox: every status change writes its merchant webhook event in this same transaction.
    if (change.status !== undefined) await recordRefundEvent(em, updated);
    return updated;
  }

  async delete(em: EntityManager, id: string): Promise<void> {
    await em.delete(RefundEntity, { id, status: 'pending' });
  }
}
