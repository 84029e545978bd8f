import { describe, expect, it } from '@jest/globals';
import { type EntityManager, type EntitySubscriberInterface } from 'typeorm';

import { afterCommit } from './after-commit.js';

/** A query runner that broadcasts its transaction events the way TypeORM's PostgresQueryRunner does. */
function aTransaction() {
  const subscribers: EntitySubscriberInterface[] = [];
  const qr = {
    isTransactionActive: false, transactionDepth: 0, data: {},
    begin() {
      this.isTransactionActive = true;
      this.transactionDepth += 1;
    },
    commit() {
      this.transactionDepth -= 1;
      this.isTransactionActive = this.transactionDepth > 0;
      for (const s of subscribers) void s.afterTransactionCommit?.({ queryRunner: this } as never);
    },
    rollback() {
      this.transactionDepth -= 1;
      this.isTransactionActive = this.transactionDepth > 0;
      for (const s of subscribers) void s.afterTransactionRollback?.({ queryRunner: this } as never);
    },
  };
  const em = { queryRunner: qr, connection: { subscribers } } as unknown as EntityManager;
  return { qr, em };
}

describe(afterCommit.name, () => {
  it('runs once the outermost transaction commits, not before', () => {
    const { qr, em } = aTransaction();
    const ran: string[] = [];
    qr.begin();
    afterCommit(em, () => ran.push('outer'));
    qr.begin();
    afterCommit(em, () => ran.push('savepoint'));
    qr.commit();
    expect(ran).toEqual([]);

    qr.commit();

    expect(ran).toEqual(['outer', 'savepoint']);
  });

  it('never runs for a transaction that rolled back, and drops only what a rolled-back savepoint registered', () => {
    const { qr, em } = aTransaction();
    const ran: string[] = [];
    qr.begin();
    afterCommit(em, () => ran.push('kept'));
    qr.begin();
    afterCommit(em, () => ran.push('rolled back'));
    qr.rollback();
    qr.commit();
    expect(ran).toEqual(['kept']);

    qr.begin();
    afterCommit(em, () => ran.push('never'));
    qr.rollback();
    expect(ran).toEqual(['kept']);
  });

  it('runs at once outside a transaction', () => {
    const { em } = aTransaction();
    let ran = 0;
    afterCommit(em, () => (ran += 1));
    expect(ran).toBe(1);
  });
});
