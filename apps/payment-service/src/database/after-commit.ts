import { type EntityManager, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';

interface Pending {
  /** The transaction depth it was registered at: a rollback to a savepoint below it drops it. */
  depth: number;
  run: () => void;
}

const PENDING = Symbol('afterCommit');
// transactionDepth is TypeORM's own count of nested transactions (savepoints), kept by every query runner but not typed on the interface.
type WithPending = QueryRunner & { transactionDepth: number; data: { [PENDING]?: Pending[] } };

/** Flushes a query runner's callbacks when its outermost transaction commits, drops them on rollback. */
class AfterCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    const qr = queryRunner as WithPending;
    if (qr.isTransactionActive) return; // a savepoint released: the transaction may still roll back
    const pending = qr.data[PENDING] ?? [];
    delete qr.data[PENDING];
    for (const p of pending) p.run();
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    const qr = queryRunner as WithPending;
    const kept = qr.isTransactionActive ? (qr.data[PENDING] ?? []).filter((p) => p.depth <= qr.transactionDepth) : [];
    if (kept.length > 0) qr.data[PENDING] = kept;
    else delete qr.data[PENDING];
  }
}

const subscribed = new WeakSet<object>();

/**
 * Runs `run` once the transaction `em` belongs to has committed, or at once when `em` is not in a
 * transaction; never when it rolls back. For effects that must only count what was really written
 * (metrics), not what a transaction tried to write.
 */
export function afterCommit(em: EntityManager, run: () => void): void {
  const qr = em.queryRunner as WithPending | undefined;
  if (qr === undefined || !qr.isTransactionActive) {
    run();
    return;
  }
  if (!subscribed.has(em.connection)) {
    em.connection.subscribers.push(new AfterCommitSubscriber());
    subscribed.add(em.connection);
  }
  (qr.data[PENDING] ??= []).push({ depth: qr.transactionDepth, run });
}
