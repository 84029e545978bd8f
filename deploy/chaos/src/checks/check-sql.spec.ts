import { describe, expect, it } from '@jest/globals';

import { ACKED_PAYMENTS, createTempTable, duplicateKeys, insertRows, MISSING_PAYMENTS } from './check-sql.js';

describe(createTempTable.name, () => {
  it('keys the temp table on its first column so the anti-join is an index lookup', () => {
    expect(createTempTable(ACKED_PAYMENTS)).toBe(
      'CREATE TEMP TABLE chaos_acked_payments (id uuid PRIMARY KEY, user_id text NOT NULL, idempotency_key text NOT NULL, amount integer NOT NULL)',
    );
  });

  it('refuses identifiers that could inject SQL', () => {
    expect(() => createTempTable({ name: 'x; DROP TABLE payments', columns: [['id', 'uuid']] })).toThrow('unsafe SQL identifier');
  });
});

describe(insertRows.name, () => {
  it('numbers parameters across rows and splits into chunks', () => {
    const rows = [['a', 'u', 'k', 1], ['b', 'u', 'k2', 2], ['c', 'u', 'k3', 3]];
    const sut = insertRows(ACKED_PAYMENTS, rows, 2);
    expect(sut).toHaveLength(2);
    expect(sut[0].text).toBe(
      'INSERT INTO chaos_acked_payments (id, user_id, idempotency_key, amount) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)',
    );
    expect(sut[0].values).toEqual(['a', 'u', 'k', 1, 'b', 'u', 'k2', 2]);
    expect(sut[1].values).toEqual(['c', 'u', 'k3', 3]);
  });

  it('emits nothing for no rows', () => {
    expect(insertRows(ACKED_PAYMENTS, [])).toEqual([]);
  });

  it('refuses a row of the wrong width', () => {
    expect(() => insertRows(ACKED_PAYMENTS, [['a']])).toThrow('1 values');
  });
});

describe('check queries', () => {
  it('find missing payments with NOT EXISTS, never NOT IN', () => {
    expect(MISSING_PAYMENTS).toContain('NOT EXISTS');
    expect(MISSING_PAYMENTS).not.toMatch(/NOT IN/i);
  });

  it('group duplicate keys per user of the run only', () => {
    expect(duplicateKeys('refunds')).toContain('FROM refunds');
    expect(duplicateKeys('payments')).toContain('user_id = ANY($1::text[])');
  });
});
