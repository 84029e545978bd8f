import { describe, expect, it } from '@jest/globals';

import { type PaymentEntity } from '../payments/payment.entity.js';
import { type RefundEntity } from './refund.entity.js';
import { settleRefund } from './refund-settlement.js';

const payment = (overrides: Partial<PaymentEntity> = {}) =>
  ({ id: 'p1', amount: 1_000, amountRefunded: 0, status: 'succeeded', ...overrides }) as PaymentEntity;
const refund = (overrides: Partial<RefundEntity> = {}) => ({ id: 'r1', amount: 300, status: 'pending', ...overrides }) as RefundEntity;

describe(settleRefund.name, () => {
  it('adds a succeeded refund to the payment and marks it partially refunded', () => {
    expect(settleRefund(payment(), refund(), { outcome: 'succeeded', refundId: 're_1' })).toEqual({
      refund: { status: 'succeeded', providerRefundId: 're_1' },
      payment: { status: 'partially_refunded', amountRefunded: 300 },
    });
  });

  it('marks the payment refunded when the last of its money goes back', () => {
    const settled = settleRefund(payment({ status: 'partially_refunded', amountRefunded: 700 }), refund(), {
      outcome: 'succeeded',
      refundId: 're_2',
    });
    expect(settled?.payment).toEqual({ status: 'refunded', amountRefunded: 1_000 });
  });

  it('fails a rejected refund without touching the payment, which frees its reservation', () => {
    expect(settleRefund(payment(), refund(), { outcome: 'rejected', failureCode: 'amount_too_large' })).toEqual({
      refund: { status: 'failed', failureCode: 'amount_too_large' },
    });
  });

  it('changes nothing when the outcome is unknown or the refund is already settled', () => {
    expect(settleRefund(payment(), refund(), { outcome: 'unknown' })).toBeUndefined();
    expect(settleRefund(payment(), refund({ status: 'succeeded' }), { outcome: 'succeeded', refundId: 'x' })).toBeUndefined();
  });

  it('refuses to refund past the captured amount even if asked to', () => {
    expect(() =>
      settleRefund(payment({ status: 'partially_refunded', amountRefunded: 800 }), refund(), { outcome: 'succeeded', refundId: 'x' }),
    ).toThrow(/cannot move payment/);
  });
});
