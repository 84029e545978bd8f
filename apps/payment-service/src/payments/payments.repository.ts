import { Injectable } from '@nestjs/common';
import { columnList, hydrate, insertReturning, updateReturning } from '@app/database';
import { type EntityManager } from 'typeorm';

import { afterCommit } from '../database/after-commit.js';
import { execute, SqlParams, type SqlPart } from '../shared/sql.js';
import { outboxCtes, paymentEvent, recordPaymentEvent } from '../webhooks/outbound/outbox.writer.js';
import { paymentOutcomes } from './payment-metrics.js';
import { type PaymentStatus } from './payment-status.js';
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
  /** The new row as stored, in the INSERT's own round trip. */
  insertProcessing(em: EntityManager, payment: NewPayment): Promise<PaymentEntity> {
    return insertReturning(em, PaymentEntity, {
      ...payment,
      status: 'processing',
      amountRefunded: 0,
      createdAt: () => 'now()',
      updatedAt: () => 'now()',
    });
  }

  /**
   * insertProcessing as the second half of IdempotencyService.insertWithNewKey's statement: reads
   * `FROM claim`, so nothing is inserted unless the key was new; parameters from $6.
   */
  processingInsertAfterClaim(em: EntityManager, payment: NewPayment): { sql: string; params: unknown[] } {
    return {
      sql: `INSERT INTO payments (id, user_id, idempotency_key, amount, amount_refunded, currency, status,
              payment_method, description, metadata, created_at, updated_at)
            SELECT $6::uuid, $7, $8, $9::int, 0, $10, 'processing', $11, $12, $13::jsonb, now(), now() FROM claim
            RETURNING ${columnList(em, PaymentEntity)}`,
      params: [
        payment.id,
        payment.userId,
        payment.idempotencyKey,
        payment.amount,
        payment.currency,
        payment.paymentMethod,
        payment.description,
        JSON.stringify(payment.metadata),
      ],
    };
  }

  /** Entities from rows of hand-written SQL (`RETURNING <columnList>`). */
  toEntities(em: EntityManager, rows: readonly object[]): PaymentEntity[] {
    return hydrate(em, PaymentEntity, rows);
  }

  /**
   * Applies `change` only if the payment is still `from`, in one statement; undefined when it no
   * longer is (someone settled it first), and then nothing changed. Writes its outbox event too.
   */
  updateIfStatus(em: EntityManager, id: string, from: PaymentStatus, change: PaymentChange): Promise<PaymentEntity | undefined> {
    return this.updateWhere(em, { id, status: from }, change);
  }

  /**
   * `change` to a payment still processing, with its outbox event, as the CTEs that
   * IdempotencyService.completeWith embeds (parameters from `firstParam`, gated on its `owned`).
   * Every column the change sets is a parameter, `updated_at` too, so `settled` is exactly the row
   * the statement writes: the answer is built before the statement and stored by it.
   */
  settleOnceClaimed(payment: PaymentEntity, change: PaymentChange, firstParam: number): { settled: PaymentEntity; part: SqlPart } {
    const settled = Object.assign(new PaymentEntity(), payment, change, { updatedAt: new Date() });
    const params = new SqlParams(firstParam);
    const outbox = outboxCtes(paymentEvent(settled), params, 'settled');
    const sql = `settled AS (
         UPDATE payments SET status = ${params.add(settled.status)}, provider_charge_id = ${params.add(settled.providerChargeId)},
           failure_code = ${params.add(settled.failureCode)}, updated_at = ${params.add(settled.updatedAt.toISOString())}::timestamptz
         WHERE id = ${params.add(settled.id)}::uuid AND status = 'processing' AND EXISTS (SELECT 1 FROM owned)
         RETURNING id),
       ${outbox.ctes},
       changed AS (SELECT 1 FROM settled)`;
    return { settled, part: { sql, params: params.values } };
  }

  // The hot reads are fixed SQL: building them through the query builder cost more CPU than the read.
  async findOwn(em: EntityManager, userId: string, id: string): Promise<PaymentEntity | null> {
    const { rows } = await execute<object>(em, `SELECT ${columnList(em, PaymentEntity)} FROM payments WHERE id = $1 AND user_id = $2`, [id, userId]);
    return this.toEntities(em, rows)[0] ?? null;
  }

  // Fixed SQL like findOwn: the query builder behind findOne({ lock }) cost more CPU than the lock.
  lock(em: EntityManager, id: string): Promise<PaymentEntity | null> {
    return this.lockOne(em, `SELECT ${columnList(em, PaymentEntity)} FROM payments WHERE id = $1 FOR UPDATE`, [id]);
  }

  lockOwn(em: EntityManager, userId: string, id: string): Promise<PaymentEntity | null> {
    return this.lockOne(em, `SELECT ${columnList(em, PaymentEntity)} FROM payments WHERE id = $1 AND user_id = $2 FOR UPDATE`, [id, userId]);
  }

  lockByKey(em: EntityManager, userId: string, idempotencyKey: string): Promise<PaymentEntity | null> {
    return this.lockOne(em, `SELECT ${columnList(em, PaymentEntity)} FROM payments WHERE user_id = $1 AND idempotency_key = $2 FOR UPDATE`, [userId, idempotencyKey]);
  }

  private async lockOne(em: EntityManager, sql: string, params: unknown[]): Promise<PaymentEntity | null> {
    const { rows } = await execute<object>(em, sql, params);
    return this.toEntities(em, rows)[0] ?? null;
  }

  /** Newest first; ids are UUIDv7, so id order is creation order and the cursor is the last id seen. */
  async listOwn(em: EntityManager, userId: string, limit: number, startingAfter?: string): Promise<PaymentEntity[]> {
    // Two statements rather than `$2 IS NULL OR id < $2`, so a generic plan still seeks the index.
    const { rows } = startingAfter
      ? await execute<object>(em, `SELECT ${columnList(em, PaymentEntity)} FROM payments WHERE user_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3`, [userId, startingAfter, limit])
      : await execute<object>(em, `SELECT ${columnList(em, PaymentEntity)} FROM payments WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, [userId, limit]);
    return this.toEntities(em, rows);
  }

  async update(em: EntityManager, id: string, change: PaymentChange): Promise<PaymentEntity> {
    const updated = await this.updateWhere(em, { id }, change);
    if (!updated) throw new Error(`payment ${id} not found for update`);
    return updated;
  }

  private async updateWhere(em: EntityManager, where: Partial<PaymentEntity>, change: PaymentChange): Promise<PaymentEntity | undefined> {
    const [updated] = await updateReturning(em, PaymentEntity, where, { ...change, updatedAt: () => 'now()' });
    // Transactional outbox: every status change writes its merchant webhook event in this same transaction.
    if (updated && change.status !== undefined) {
      await recordPaymentEvent(em, updated);
      // Counted once written: a transaction that rolls back (a lost connection, a conflict) changed nothing.
      const status = change.status;
      afterCommit(em, () => paymentOutcomes.inc({ status }));
    }
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
