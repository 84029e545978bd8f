import { describe, expect, it } from '@jest/globals';

import { chooseOp, refundAmount } from './load-mix.js';

describe(chooseOp.name, () => {
  const user = { refundable: 1, payments: 1 };

  it('picks operations in proportion to their weights', () => {
    const mix = { pay: 1, login: 3 };
    expect(chooseOp(mix, user, () => 0.1)).toBe('pay');
    expect(chooseOp(mix, user, () => 0.5)).toBe('login');
  });

  it('pays instead of refunding when the user has nothing refundable', () => {
    expect(chooseOp({ refund: 1 }, { refundable: 0, payments: 3 }, () => 0)).toBe('pay');
  });

  it('pays instead of reading a payment when the user has none yet', () => {
    expect(chooseOp({ get_payment: 1 }, { refundable: 0, payments: 0 }, () => 0)).toBe('pay');
  });

  it('refuses a mix without any positive weight', () => {
    expect(() => chooseOp({ pay: 0 }, user)).toThrow('positive weight');
  });
});

describe(refundAmount.name, () => {
  it('never asks for more than what is left', () => {
    for (const r of [0, 0.29, 0.31, 0.99]) {
      const amount = refundAmount(1_000, 700, () => r);
      expect(amount).toBeGreaterThanOrEqual(1);
      expect(amount).toBeLessThanOrEqual(300);
    }
  });

  it('refuses a fully refunded payment', () => {
    expect(() => refundAmount(500, 500)).toThrow('nothing left');
  });
});
